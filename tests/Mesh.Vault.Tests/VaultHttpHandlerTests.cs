using System.Security.Authentication;
using Mesh.TestDoubles.Vault;

namespace Mesh.Vault.Tests;

public sealed class VaultHttpHandlerTests
{
    private const string ServerName = "vault.service.consul";

    private static Task<VaultDouble> StartHttpsAsync(TlsFiles files, bool requireClientCertificate = false) =>
        VaultDouble.StartAsync(new VaultDoubleOptions { ServerCertificate = files.Server, RequireClientCertificate = requireClientCertificate });

    private static VaultClientOptions Options(VaultDouble vault, TlsFiles files) => new()
    {
        Address = vault.Address,
        Token = "root",
        Namespace = "team-a",
        CaFile = files.CaFile,
        CertFile = files.CertFile,
        KeyFile = files.KeyFile,
        TlsServerName = ServerName,
    };

    [Fact]
    public async Task Client_WithCaFileClientCertAndServerName_TalksToHttpsVault()
    {
        using var files = new TlsFiles(ServerName);
        await using var vault = await StartHttpsAsync(files, requireClientCertificate: true);
        var options = Options(vault, files);
        using var http = new HttpClient(VaultHttpHandler.Create(options));
        var client = new VaultClient(http, options);

        var health = await client.HealthAsync();
        var token = await client.LookupSelfAsync();

        Assert.StartsWith("https://", vault.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(VaultHealthStatus.Active, health);
        Assert.NotNull(token);
        Assert.Equal("team-a", vault.LastNamespace);
        Assert.Equal("CN=mesh-agent", vault.LastClientCertificateSubject);
    }

    [Fact]
    public async Task Client_WithoutCaFile_RefusesTheUnknownCa()
    {
        using var files = new TlsFiles(ServerName);
        await using var vault = await StartHttpsAsync(files);
        var options = Options(vault, files);
        options.CaFile = null;
        using var http = new HttpClient(VaultHttpHandler.Create(options));
        var client = new VaultClient(http, options);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.LookupSelfAsync());

        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Equal(VaultHealthStatus.Unreachable, await client.HealthAsync());
    }

    [Fact]
    public async Task Client_ServerNameNotInVaultCertificate_Refuses()
    {
        using var files = new TlsFiles(ServerName);
        await using var vault = await StartHttpsAsync(files);
        var options = Options(vault, files);
        options.TlsServerName = null; // the address is 127.0.0.1, which the certificate does not name

        using var http = new HttpClient(VaultHttpHandler.Create(options));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new VaultClient(http, options).LookupSelfAsync());

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Client_WithoutClientCertificateAgainstMtlsVault_Fails()
    {
        using var files = new TlsFiles(ServerName);
        await using var vault = await StartHttpsAsync(files, requireClientCertificate: true);
        var options = Options(vault, files);
        options.CertFile = null;
        options.KeyFile = null;
        using var http = new HttpClient(VaultHttpHandler.Create(options));

        await Assert.ThrowsAsync<HttpRequestException>(() => new VaultClient(http, options).LookupSelfAsync());
        Assert.Null(vault.LastClientCertificateSubject);
    }

    [Fact]
    public void Create_CertFileWithoutKeyFile_Throws()
    {
        using var files = new TlsFiles(ServerName);
        var options = new VaultClientOptions { CertFile = files.CertFile };

        Assert.Throws<ArgumentException>(() => VaultHttpHandler.Create(options));
    }
}
