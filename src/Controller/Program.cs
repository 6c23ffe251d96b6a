using System.CommandLine;
using System.Reflection;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.Controller.Hosting;
using Mesh.Hosting.Logging;
using Mesh.Hosting.Systemd;
using Serilog;
using Serilog.Events;

var config = new Option<FileInfo>("--config")
{
    Description = "The configuration file.",
    DefaultValueFactory = _ => new FileInfo("/etc/mesh/controller.hcl"),
};
var run = new Command("run", "Run the controller: the rules API, the built-in CA and (when elected) the compiler.") { config };
run.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config)!, cancellationToken));
var version = new Command("version", "Print the version.");
version.SetAction(_ =>
{
    Console.WriteLine($"mesh-controller {typeof(ControllerHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]}");
    return 0;
});
var root = new RootCommand("mesh-controller: validates rules, stores desired state in Consul and compiles proxy snapshots.") { run, version };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

static async Task<int> RunAsync(FileInfo file, CancellationToken cancellationToken)
{
    ControllerOptions options;
    try
    {
        options = ControllerConfigLoader.Load(file.FullName);
    }
    catch (ControllerConfigException e)
    {
        await Console.Error.WriteLineAsync($"mesh-controller: {e.Message}").ConfigureAwait(false);
        return 2;
    }

    var level = options.LogLevel switch
    {
        "debug" => LogEventLevel.Debug,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        _ => LogEventLevel.Information,
    };
    await using var logger = MeshLogging.CreateLogger("controller", options.LogFormat, level);
    var built = ControllerHost.Build(options, RuleEngine.Evaluator(), RuleEngine.Compiler(options), builder =>
    {
        builder.Services.AddMeshSystemd();
        builder.Services.AddSerilog(logger, dispose: false);
    });
    await using var app = built.App;
    await app.RunAsync(cancellationToken).ConfigureAwait(false);
    return 0;
}
