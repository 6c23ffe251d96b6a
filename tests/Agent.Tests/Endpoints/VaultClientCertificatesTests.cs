using Mesh.Agent.Certificates;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Tests.Hosting;
using Mesh.Identity;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.TestDoubles.Time;
using Mesh.TestDoubles.Vault;
using Mesh.Vault;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Endpoints;

/// <summary>
/// Client certificates of destination rules with <c>credential_name</c>, against the Vault double over HTTP and a fake
/// clock: the new connections of a sidecar get the renewed certificate after half its lifetime, and a failed renewal is
/// retried every 10 s while the current certificate keeps being presented.
/// </summary>
public sealed class VaultClientCertificatesTests
{
    private const string Credential = "vault:pki/roles/mesh-client";
    private const string Host = "api.external.test";
    private static readonly ClientTlsSettings s_mutual = new() { Mode = TlsMode.Mutual, CredentialName = Credential };

    private static ProxySnapshot Snapshot() => new()
    {
        Version = "1",
        Host = Host,
        Clusters = [new Cluster { Host = Host, TrafficPolicy = new TrafficPolicy { Tls = s_mutual } }],
    };

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly HttpClient _http = new();

        private Fixture(VaultDouble vault)
        {
            Vault = vault;
            var client = new VaultClient(_http, new VaultClientOptions { Address = vault.Address, Token = "root" });
            Issuer = new VaultCertificateIssuer(_ => Task.FromResult(client), Time, Logger);
            Certificates = new VaultClientCertificates(Issuer, new SpiffeId("mesh.local", "default", "web"), Time, Logger);
            Factory = new ClientTlsOptionsFactory(new ClientTlsFiles(), null, Logger, Certificates);
        }

        public VaultDouble Vault { get; }

        public RecordingTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

        public ListLogger Logger { get; } = new();

        public VaultCertificateIssuer Issuer { get; }

        public VaultClientCertificates Certificates { get; }

        public ClientTlsOptionsFactory Factory { get; }

        /// <summary>The serial number of the client certificate a new connection presents.</summary>
        public string? Presented => Factory.Create(s_mutual, Host).ClientCertificateContext?.TargetCertificate.SerialNumber;

        public static async Task<Fixture> StartAsync()
        {
            var options = Integration.DestinationTlsCredentialTests.VaultAllowing("spiffe://mesh.local/*", TimeSpan.FromHours(1));
            return new Fixture(await VaultDouble.StartAsync(options));
        }

        public async ValueTask DisposeAsync()
        {
            Certificates.Dispose();
            Issuer.Dispose();
            _http.Dispose();
            await Vault.DisposeAsync();
        }
    }

    [Fact]
    public async Task Renewal_HalfLifePassed_NewConnectionsPresentTheRenewedCertificate()
    {
        await using var f = await Fixture.StartAsync();
        await f.Certificates.AdmitAsync(Snapshot(), CancellationToken.None);
        var first = f.Presented;
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Issuer.Issued += _ => renewed.TrySetResult();

        // The renewal loop arms its delay on its own task: advancing before that would move the due time with the clock.
        Assert.InRange(await f.Time.NextTimerAsync(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        f.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.False(renewed.Task.IsCompleted);
        f.Time.Advance(TimeSpan.FromMinutes(2));
        await renewed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(first);
        Assert.NotEqual(first, f.Presented);
        Assert.Equal(2, f.Vault.CertificatesIssued);
    }

    [Fact]
    public async Task Renewal_VaultSealed_CurrentCertificateKeptAndRetriedEvery10Seconds()
    {
        await using var f = await Fixture.StartAsync();
        await f.Certificates.AdmitAsync(Snapshot(), CancellationToken.None);
        var first = f.Presented;
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Issuer.Issued += _ => renewed.TrySetResult();

        f.Vault.Sealed = true;
        Assert.InRange(await f.Time.NextTimerAsync(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        f.Time.Advance(TimeSpan.FromMinutes(31));
        await Integration.MeshTestEnvironment.EventuallyAsync(
            () => Task.FromResult(f.Logger.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("Vault is sealed", StringComparison.Ordinal))),
            "the renewal fails");
        Assert.Equal(first, f.Presented);

        // Vault is back, but the retry waits its 10 s on the clock: nothing is asked before.
        f.Vault.Sealed = false;
        await Task.Delay(300);
        Assert.False(renewed.Task.IsCompleted);
        Assert.Equal(1, f.Vault.CertificatesIssued);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!renewed.Task.IsCompleted && !timeout.IsCancellationRequested)
        {
            f.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(renewed.Task, Task.Delay(200));
        }

        Assert.True(renewed.Task.IsCompleted, "the renewal is retried once Vault answers again");
        Assert.NotEqual(first, f.Presented);
    }

    [Fact]
    public async Task Admit_NoVaultCredentials_RejectsNamingHostAndCredential()
    {
        using var certificates = new VaultClientCertificates(null, new SpiffeId("mesh.local", "default", "web"), TimeProvider.System, new ListLogger());

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => certificates.AdmitAsync(Snapshot(), CancellationToken.None));

        Assert.Contains(Host, e.Message, StringComparison.Ordinal);
        Assert.Contains(Credential, e.Message, StringComparison.Ordinal);
        Assert.Contains("VAULT_TOKEN", e.Message, StringComparison.Ordinal);
    }
}
