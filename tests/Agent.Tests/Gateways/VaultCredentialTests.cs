using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Certificates;
using Mesh.Agent.Gateways;
using Mesh.Agent.Tests.Integration;
using Mesh.Snapshots;
using Mesh.Snapshots.Gateways;
using Mesh.TestDoubles.Vault;
using Mesh.Vault;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Gateways;

/// <summary>Gateway server certificates from Vault PKI (<c>credential_name = "vault:pki/roles/&lt;role&gt;"</c>).</summary>
public sealed class VaultCredentialTests
{
    private static VaultDoubleOptions VaultOptions(TimeSpan? ttl = null)
    {
        var options = new VaultDoubleOptions();
        options.PkiRoles.Add(new VaultDoublePkiRole { Name = "shop-gateway", AllowedDomains = ["example.com"], AllowSubdomains = true, Ttl = ttl });
        return options;
    }

    private static RemoteCertificateValidationCallback TrustedBy(X509Certificate2 ca) => (_, certificate, _, _) =>
    {
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        return chain.Build(leaf);
    };

    [Theory]
    [InlineData("vault:pki/roles/shop-gateway", "pki", "shop-gateway")]
    [InlineData("vault:pki/int/roles/shop", "pki/int", "shop")]
    public void Parse_VaultRolePath_GivesMountAndRole(string credentialName, string mount, string role)
    {
        var parsed = VaultCredentialName.Parse(credentialName);

        Assert.Equal(new VaultCredentialName(mount, role), parsed);
    }

    [Theory]
    [InlineData("shop-cert")]
    [InlineData("vault:pki/shop-gateway")]
    [InlineData("vault:pki/roles/")]
    public void Parse_NotAVaultRolePath_ThrowsWithTheExpectedShape(string credentialName)
    {
        var e = Assert.Throws<InvalidDataException>(() => VaultCredentialName.Parse(credentialName));

        Assert.Contains("vault:<mount>/roles/<role>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_CredentialNameFromVault_ServesCertificateIssuedByVaultCaForSni()
    {
        await using var vault = await VaultDouble.StartAsync(VaultOptions());
        await using var env = await MeshTestEnvironment.StartAsync();
        var port = GatewayClient.FreePort();
        await env.WriteSnapshotAsync(new ProxySnapshot
        {
            Version = "1",
            Host = "gateway:ingress",
            Gateway = new GatewaySettings
            {
                Name = "ingress",
                Servers =
                [
                    new GatewayServer
                    {
                        Port = port, Bind = "127.0.0.1", Hosts = ["shop.example.com"], Protocol = PortProtocol.Https,
                        Tls = new GatewayTls { CredentialName = "vault:pki/roles/shop-gateway" },
                    },
                ],
            },
        });
        var options = env.Options("gw-ingress");
        options.Vault.Address = vault.Address;
        options.Vault.Token = "root";
        await using var gateway = await GatewayHost.StartAsync(options, "ingress", env.Ca, null, CancellationToken.None);
        await EventuallyAsync(() => Task.FromResult(gateway.Servers.Count == 1), "the listener is up");

        using var served = await GatewayClient.ServedCertificateAsync(port, "shop.example.com", TrustedBy(vault.CaCertificate));

        Assert.NotNull(served);
        Assert.Equal(vault.CaCertificate.Subject, served.Issuer);
        var dnsNames = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        Assert.Contains("shop.example.com", dnsNames);
        Assert.NotNull(served.GetECDsaPublicKey());
        Assert.Equal(1, vault.CertificatesIssued);
    }

    [Fact]
    public async Task Credentials_HalfLifePassed_RenewsAndServesTheNewCertificate()
    {
        await using var vault = await VaultDouble.StartAsync(VaultOptions(TimeSpan.FromHours(1)));
        using var http = new HttpClient();
        var client = new VaultClient(http, new VaultClientOptions { Address = vault.Address, Token = "root" });
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var issuer = new VaultCertificateIssuer(_ => Task.FromResult(client), time, NullLogger.Instance);
        using var credentials = new GatewayCredentials(issuer);
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const string name = "vault:pki/roles/shop-gateway";
        GatewayServer[] servers = [new() { Port = 443, Hosts = ["shop.example.com", "www.example.com"], Tls = new GatewayTls { CredentialName = name } }];

        await credentials.EnsureAsync(servers, CancellationToken.None);
        var first = credentials.Current(name).TargetCertificate;
        credentials.Issued += _ => renewed.TrySetResult();
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.False(renewed.Task.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(2));
        await renewed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var second = credentials.Current(name).TargetCertificate;
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);

        // The renewed certificate is not renewed again at once: the next renewal waits for its own half life, even
        // though this fake clock runs ahead of the Vault double's (as a skewed host clock would).
        await Task.Delay(500);
        Assert.Equal(2, vault.CertificatesIssued);
        var names = second.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).Order().ToList();
        Assert.Equal(["shop.example.com", "www.example.com"], names);
    }
}
