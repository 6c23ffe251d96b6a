using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Consul;
using Mesh.DevCatalog;
using Mesh.Identity;
using Mesh.Snapshots;
using Mesh.Snapshots.Routing;
using Mesh.Snapshots.Serialization;

namespace Mesh.Cli.Tests;

public sealed class ProxyConfigCommandTests
{
    [Fact]
    public async Task ProxyConfig_RunningAgent_TableShowsRoutesPerHostAndJsonIsTheRawConfig()
    {
        await using var catalog = await DevCatalogServer.StartAsync(new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, CancellationToken.None);
        using var http = new HttpClient();
        var consul = new ConsulClient(http, new ConsulClientOptions { Address = catalog.Address });
        var snapshot = new ProxySnapshot
        {
            Version = "42",
            Host = "reviews",
            Http = [new HttpRoute { Name = "pin-v2", Route = [new RouteDestination { Host = "reviews", Subset = "v2", Weight = 100 }] }],
        };
        await consul.Kv.PutAsync("mesh/compiled/reviews", SnapshotSerializer.Serialize(snapshot));
        using var ca = new BuiltInCertificateAuthority("mesh.local", null, TimeProvider.System);
        var dataDir = Directory.CreateTempSubdirectory("meshctl-proxy-config-");
        var options = new AgentOptions { NodeName = "node-a", DataDir = dataDir.FullName, AdminAddress = "127.0.0.1:0" };
        options.Consul.Address = catalog.Address;
        var web = new LocalServiceOptions { Name = "web", Port = 1, InboundPort = 0, InboundAddress = "127.0.0.1", AdvertiseAddress = "127.0.0.1" };
        web.Upstreams.Add(new UpstreamOptions { Host = "reviews", LocalPort = 0 });
        options.Services.Add(web);
        try
        {
            await using var agent = await AgentHost.StartAsync(options, ca, null, CancellationToken.None);
            var admin = agent.AdminEndPoint!.ToString();
            await WaitForVersionAsync(admin, "42");

            var (exit, stdout, stderr) = await RunAsync("proxy-config", "--node-admin", admin);

            Assert.True(exit == ExitCodes.Success, stderr);
            Assert.Contains("node-a", stdout, StringComparison.Ordinal);
            var row = stdout.Split('\n').Single(l => l.Contains("pin-v2", StringComparison.Ordinal));
            Assert.Contains("web", row, StringComparison.Ordinal);
            Assert.Contains("42", row, StringComparison.Ordinal);
            Assert.Contains("reviews/v2 100%", row, StringComparison.Ordinal);

            var (jsonExit, json, _) = await RunAsync("proxy-config", "--node-admin", admin, "-o", "json");

            Assert.Equal(ExitCodes.Success, jsonExit);
            var served = JsonDocument.Parse(json).RootElement.GetProperty("services").GetProperty("web").GetProperty("snapshots").GetProperty("reviews");
            Assert.Equal("42", served.GetProperty("version").GetString());
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ProxyConfig_AgentNotListening_ExitsUnreachableWithHint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, stdout, stderr) = await RunAsync("proxy-config", "--node-admin", $"127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("cannot reach the agent admin API", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MeshctlApp.RunAsync(args, stdout, stderr, new CliEnvironment(new Dictionary<string, string>()));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task WaitForVersionAsync(string admin, string version)
    {
        using var http = new HttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!(await http.GetStringAsync(new Uri($"http://{admin}/v1/proxy-config"), timeout.Token)).Contains($"\"version\": \"{version}\"", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
