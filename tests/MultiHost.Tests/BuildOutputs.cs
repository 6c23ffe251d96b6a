using System.Reflection;

namespace MultiHost.Tests;

/// <summary>Finds the already-built product binaries (meshctl, mesh-controller, mesh-agent) next to their projects.</summary>
internal sealed class BuildOutputs
{
    private BuildOutputs(string repoRoot, string configuration)
    {
        RepoRoot = repoRoot;
        Configuration = configuration;
        Meshctl = Locate("src/Cli", "meshctl.dll");
        Controller = Locate("src/Controller", "mesh-controller.dll");
        Agent = Locate("src/Agent", "mesh-agent.dll");
    }

    public string RepoRoot { get; }

    public string Configuration { get; }

    public string Meshctl { get; }

    public string Controller { get; }

    public string Agent { get; }

    /// <summary>Locates the outputs built in the test assembly's own configuration (Debug or Release).</summary>
    public static BuildOutputs Find()
    {
        var configuration = typeof(BuildOutputs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        if (string.IsNullOrEmpty(configuration))
        {
            configuration = "Debug";
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mesh.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"Cannot find the repository root (Mesh.slnx) above {AppContext.BaseDirectory}.");
        }

        return new BuildOutputs(directory.FullName, configuration);
    }

    private string Locate(string project, string dll)
    {
        var path = Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", dll);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: build the product first (`dotnet build -c {Configuration} {project}`, or the whole solution).");
        }

        return path;
    }
}
