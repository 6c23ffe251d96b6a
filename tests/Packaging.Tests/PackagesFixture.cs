using System.Diagnostics;

namespace Mesh.Packaging.Tests;

/// <summary>
/// Builds the packages once for the whole suite: a fresh linux-x64 publish of the three binaries (the tree under
/// test, never stale artifacts; mesh-agent Native AOT, the others self-contained), then packaging/build-packages.sh
/// into artifacts/packaging-tests/. linux-arm64 is left to the Package target to keep CI fast.
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime
{
    public const string Version = "0.1.0";

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string OutputDirectory => Path.Combine(RepositoryRoot, "artifacts", "packaging-tests");

    public string AptRepository => Path.Combine(OutputDirectory, "repo", "apt");

    public string YumRepository => Path.Combine(OutputDirectory, "repo", "yum");

    public TimeSpan BuildTime { get; private set; }

    /// <summary>The linux-x64 publish folder of <paramref name="name"/> (mesh-agent, mesh-controller, meshctl).</summary>
    public string PublishFolder(string name) => Path.Combine(OutputDirectory, "publish", "linux-x64", name);

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root" && !IsRoot())
        {
            throw new InvalidOperationException(
                "Packaging.Tests install packages with apt-get and must run as root (CI does). " +
                "Run them with sudo, or leave them out locally with --filter FullyQualifiedName!~Packaging.Tests.");
        }

        var deps = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot, "packaging", "install-build-deps.sh")], TimeSpan.FromMinutes(5));
        if (deps.ExitCode != 0)
        {
            throw new InvalidOperationException(deps.Describe("packaging/install-build-deps.sh"));
        }

        var started = Stopwatch.GetTimestamp();
        var build = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepositoryRoot, "packaging", "build-packages.sh"), "--publish", "--rids", "linux-x64", "--out", OutputDirectory, "--version", Version],
            // The Native AOT compile of mesh-agent takes 2-3 minutes of the budget on 2 busy cores.
            TimeSpan.FromMinutes(15),
            RepositoryRoot);
        BuildTime = Stopwatch.GetElapsedTime(started);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException(build.Describe("packaging/build-packages.sh"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static bool IsRoot()
    {
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        var uid = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uid is not null && uid.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() == "0";
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mesh.slnx not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackagesFixture>
{
    public const string Name = "packages";
}
