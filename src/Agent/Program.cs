using Mesh.Agent.Configuration;
using Mesh.Agent.Gateways;
using Mesh.Agent.Hosting;
using Mesh.Hosting.Logging;
using Mesh.Hosting.Systemd;
using Serilog;

// mesh-agent run --config /etc/mesh/agent.hcl | mesh-agent gateway --name ingress --config <file>
// | mesh-agent validate --config <file> | mesh-agent version
var command = args.Length > 0 ? args[0] : "help";
var configIndex = Array.IndexOf(args, "--config");
var nameIndex = Array.IndexOf(args, "--name");
var gatewayName = nameIndex >= 0 && nameIndex + 1 < args.Length ? args[nameIndex + 1] : "";
var configPath = configIndex >= 0 && configIndex + 1 < args.Length ? args[configIndex + 1] : "/etc/mesh/agent.hcl";

switch (command)
{
    case "version" or "--version":
        Console.WriteLine($"mesh-agent {AgentHost.Version}");
        return 0;
    case "run" or "validate" or "gateway":
        break;
    default:
        Console.Error.WriteLine("usage: mesh-agent run --config <agent.hcl> | gateway --name <gateway> --config <agent.hcl> | validate --config <agent.hcl> | version");
        return command is "help" or "--help" or "-h" ? 0 : 2;
}

AgentOptions options;
try
{
    options = AgentConfigLoader.LoadFile(configPath);
}
catch (AgentConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (command == "validate")
{
    Console.WriteLine($"{configPath}: valid ({options.Services.Count} services)");
    return 0;
}

if (command == "gateway" && gatewayName.Length == 0)
{
    Console.Error.WriteLine("mesh-agent gateway: --name <gateway> is required");
    return 2;
}

using var logger = MeshLogging.CreateLogger("mesh-agent");
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSerilog(logger, dispose: false);
builder.Services.AddMeshSystemd();
builder.Services.AddSingleton(options);
if (command == "gateway")
{
    builder.Services.AddHostedService(sp => new GatewayService(options, gatewayName, sp.GetRequiredService<ILoggerFactory>()));
}
else
{
    builder.Services.AddHostedService<AgentService>();
}
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
return 0;
