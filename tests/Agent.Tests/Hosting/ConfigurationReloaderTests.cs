using System.Globalization;
using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Agent.Tests.Integration;
using Microsoft.Extensions.Logging;
using static Mesh.Agent.Tests.Integration.MeshTestEnvironment;

namespace Mesh.Agent.Tests.Hosting;

/// <summary>SIGHUP's reload, called as a method: agent.hcl + agent.d/*.hcl re-read and applied to a running agent.</summary>
public sealed class ConfigurationReloaderTests
{
    private sealed class Setup : IAsyncDisposable
    {
        public required MeshTestEnvironment Env { get; init; }

        public required string ConfigPath { get; init; }

        public required AgentHost Agent { get; init; }

        public required ConfigurationReloader Reloader { get; init; }

        public required ListLogger Log { get; init; }

        public string DropIn(string name) => Path.Combine(Path.GetDirectoryName(ConfigPath)!, AgentConfigLoader.DropInDirectory, name);

        public ValueTask DisposeAsync() => Env.DisposeAsync();
    }

    private static string ServiceBlock(string name, int port, string version = "v1") => $$"""
        service "{{name}}" {
          port              = {{port.ToString(CultureInfo.InvariantCulture)}}
          inbound_port      = 0
          inbound_address   = "127.0.0.1"
          advertise_address = "127.0.0.1"
          meta              = { version = "{{version}}" }
        }

        """;

    private static async Task<Setup> StartAsync(params (string Name, int Port)[] dropIns)
    {
        var env = await MeshTestEnvironment.StartAsync();
        var directory = Path.Combine(env.Root, "etc");
        Directory.CreateDirectory(Path.Combine(directory, AgentConfigLoader.DropInDirectory));
        var configPath = Path.Combine(directory, "agent.hcl");
        await File.WriteAllTextAsync(configPath, $$"""
            node_name = "node-r"
            data_dir  = "{{Path.Combine(env.Root, "data")}}"
            consul {
              address = "{{env.Catalog.Address}}"
            }
            admin {
              address = ""
            }

            """);
        foreach (var (name, port) in dropIns)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, AgentConfigLoader.DropInDirectory, name + ".hcl"), ServiceBlock(name, port));
        }

        var agent = await env.StartAgentAsync(AgentConfigLoader.LoadFiles(configPath));
        var log = new ListLogger();
        return new Setup { Env = env, ConfigPath = configPath, Agent = agent, Reloader = new ConfigurationReloader(agent, configPath, log), Log = log };
    }

    private static async Task<int> InstancesAsync(MeshTestEnvironment env, string service) => (await env.Consul.Health.ServiceAsync(service)).Value.Count;

    [Fact]
    public async Task ReloadAsync_ServiceAdded_RegisteredWithListener()
    {
        await using var setup = await StartAsync(("web", 18080));
        var api = await setup.Env.StartAppAsync("api");
        await File.WriteAllTextAsync(setup.DropIn("api.hcl"), ServiceBlock("api", api.Port));

        var result = await setup.Reloader.ReloadAsync(CancellationToken.None);

        Assert.True(result.Applied);
        Assert.Equal(["api"], result.Added);
        Assert.Empty(result.Removed);
        Assert.Empty(result.Changed);
        Assert.Equal(1, await InstancesAsync(setup.Env, "api"));
        var (status, body) = await GetAsync(setup.Agent.GetInboundEndPoint("api")!);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("api|", body);
        Assert.Equal(1, await InstancesAsync(setup.Env, "web"));
    }

    [Fact]
    public async Task ReloadAsync_ServiceRemoved_DeregisteredAndListenerStopped()
    {
        await using var setup = await StartAsync(("web", 18080), ("api", 18081));
        var inbound = setup.Agent.GetInboundEndPoint("api")!;
        Assert.True(await MeshPeerClient.AcceptsConnectionsAsync(inbound));
        File.Delete(setup.DropIn("api.hcl"));

        var result = await setup.Reloader.ReloadAsync(CancellationToken.None);

        Assert.Equal(["api"], result.Removed);
        Assert.Empty(result.Added);
        Assert.Equal(0, await InstancesAsync(setup.Env, "api"));
        Assert.Null(setup.Agent.GetInboundEndPoint("api"));
        Assert.False(await MeshPeerClient.AcceptsConnectionsAsync(inbound));
        Assert.Equal(1, await InstancesAsync(setup.Env, "web"));
    }

    [Fact]
    public async Task ReloadAsync_ServiceChanged_ReRegisteredWithNewSettings()
    {
        await using var setup = await StartAsync(("web", 18080), ("api", 18081));
        await File.WriteAllTextAsync(setup.DropIn("api.hcl"), ServiceBlock("api", 18081, "v2"));

        var result = await setup.Reloader.ReloadAsync(CancellationToken.None);

        Assert.Equal(["api"], result.Changed);
        Assert.Empty(result.Added);
        Assert.Empty(result.Removed);
        var entry = Assert.Single((await setup.Env.Consul.Health.ServiceAsync("api")).Value);
        Assert.Equal("v2", entry.Service.Meta!["version"]);
        Assert.Equal(setup.Agent.GetInboundEndPoint("api")!.Port, entry.Service.Port);
    }

    [Fact]
    public async Task ReloadAsync_Unchanged_NothingRestarted()
    {
        await using var setup = await StartAsync(("web", 18080));
        var before = setup.Agent.GetInboundEndPoint("web");

        var result = await setup.Reloader.ReloadAsync(CancellationToken.None);

        Assert.True(result.Applied);
        Assert.Empty(result.Added.Concat(result.Removed).Concat(result.Changed));
        Assert.Equal(before, setup.Agent.GetInboundEndPoint("web"));
    }

    [Fact]
    public async Task ReloadAsync_InvalidConfiguration_RefusedWithFileLineAndRunningConfigurationKept()
    {
        await using var setup = await StartAsync(("web", 18080), ("api", 18081));
        var inbound = setup.Agent.GetInboundEndPoint("api")!;
        File.Delete(setup.DropIn("api.hcl"));
        await File.WriteAllTextAsync(setup.DropIn("bad.hcl"), "service \"broken\" {\n  port = \"not a number\"\n}\n");

        var result = await setup.Reloader.ReloadAsync(CancellationToken.None);

        Assert.False(result.Applied);
        Assert.Contains("bad.hcl:2:", result.Error, StringComparison.Ordinal);
        var logged = Assert.Single(setup.Log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("bad.hcl:2:", logged.Message, StringComparison.Ordinal);
        Assert.Equal(1, await InstancesAsync(setup.Env, "api"));
        Assert.Equal(0, await InstancesAsync(setup.Env, "broken"));
        Assert.Equal(inbound, setup.Agent.GetInboundEndPoint("api"));
        Assert.True(await MeshPeerClient.AcceptsConnectionsAsync(inbound));
    }

    [Fact]
    public async Task ReloadAsync_SettingOutsideServices_ReportedAsNeedingRestart()
    {
        await using var setup = await StartAsync(("web", 18080));
        await File.AppendAllTextAsync(setup.ConfigPath, "certificates {\n  ttl = \"1h\"\n}\n");

        var result = await setup.Reloader.ReloadAsync(CancellationToken.None);

        Assert.True(result.Applied);
        Assert.Equal(["certificates"], result.RestartRequired);
        Assert.Contains(setup.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("certificates", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFiles_ServiceDeclaredInTwoFiles_ErrorNamesTheSecondFileAndLine()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mesh-agent-conf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, AgentConfigLoader.DropInDirectory));
        try
        {
            File.WriteAllText(Path.Combine(directory, "agent.hcl"), ServiceBlock("web", 8080));
            File.WriteAllText(Path.Combine(directory, AgentConfigLoader.DropInDirectory, "web.hcl"), "\n" + ServiceBlock("web", 8081));

            var error = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.LoadFiles(Path.Combine(directory, "agent.hcl")));

            Assert.Contains("web.hcl:2:", error.Message, StringComparison.Ordinal);
            Assert.Contains("declared twice", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
