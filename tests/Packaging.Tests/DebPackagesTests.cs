using System.Globalization;

namespace Mesh.Packaging.Tests;

[Collection(PackagesCollection.Name)]
public sealed class DebPackagesTests(PackagesFixture packages)
{
    private static readonly string[] Packages = ["mesh-agent", "mesh-controller", "meshctl"];

    [Fact]
    public async Task AptInstall_FromTheRepositoryFolder_InstallsBinariesUserUnitsAndConfigThenPurgesWithoutATrace()
    {
        var sourceList = Path.Combine(packages.OutputDirectory, "mesh-test.list");
        await File.WriteAllTextAsync(sourceList, $"deb [trusted=yes] file:{packages.AptRepository} ./\n");
        string[] apt = ["-o", "Dir::Etc::sourcelist=" + sourceList, "-o", "Dir::Etc::sourceparts=-", "-o", "APT::Get::List-Cleanup=0"];
        await PurgeAsync(apt);
        Assert.Null(await UserAsync("mesh"));

        try
        {
            await ProcessRunner.CheckedAsync("apt-get", [.. apt, "update"]);
            await ProcessRunner.CheckedAsync("apt-get", [.. apt, "install", "-y", "--no-install-recommends", .. Packages]);

            // Binaries under /usr/lib/<name>, reached through /usr/bin.
            foreach (var name in Packages)
            {
                Assert.True(File.Exists($"/usr/lib/{name}/{name}"), $"/usr/lib/{name}/{name} is missing");
                Assert.Equal($"../lib/{name}/{name}", new FileInfo($"/usr/bin/{name}").LinkTarget);
            }

            var version = await ProcessRunner.CheckedAsync("/usr/bin/meshctl", "version");
            Assert.Equal($"meshctl {PackagesFixture.Version}", version.Trim());
            Assert.Equal($"mesh-agent {PackagesFixture.Version}", (await ProcessRunner.CheckedAsync("/usr/bin/mesh-agent", "version")).Trim());

            // The system user and its state directory.
            var user = await UserAsync("mesh");
            Assert.NotNull(user);
            Assert.True(int.Parse(user[2], CultureInfo.InvariantCulture) < 1000, "mesh must be a system user");
            Assert.Equal("/var/lib/mesh", user[5]);
            Assert.Equal("/usr/sbin/nologin", user[6]);
            Assert.Equal("mesh mesh 750", (await ProcessRunner.CheckedAsync("stat", "-c", "%U %G %a", "/var/lib/mesh")).Trim());

            // Config as conffiles readable by the daemons' group, environment files for root only.
            Assert.Equal("root mesh 640", (await ProcessRunner.CheckedAsync("stat", "-c", "%U %G %a", "/etc/mesh/agent.hcl")).Trim());
            Assert.Equal("root mesh 640", (await ProcessRunner.CheckedAsync("stat", "-c", "%U %G %a", "/etc/mesh/controller.hcl")).Trim());
            Assert.Equal("root root 640", (await ProcessRunner.CheckedAsync("stat", "-c", "%U %G %a", "/etc/default/mesh-agent")).Trim());
            var conffiles = await ProcessRunner.CheckedAsync("dpkg-query", "-W", "-f=${Conffiles}", "mesh-agent");
            Assert.Contains("/etc/mesh/agent.hcl", conffiles, StringComparison.Ordinal);
            Assert.Contains("/etc/default/mesh-agent", conffiles, StringComparison.Ordinal);

            // Units: valid, enabled, not started (MESH_START_ON_INSTALL=no).
            foreach (var daemon in new[] { "mesh-agent", "mesh-controller" })
            {
                var unit = $"/lib/systemd/system/{daemon}.service";
                var verify = await ProcessRunner.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromMinutes(1));
                Assert.True(verify.ExitCode == 0 && verify.Error.Trim().Length == 0, verify.Describe("systemd-analyze verify " + unit));
                Assert.True(File.Exists($"/etc/systemd/system/multi-user.target.wants/{daemon}.service"), daemon + " is not enabled");
                var text = await File.ReadAllTextAsync(unit);
                Assert.Contains("Type=notify", text, StringComparison.Ordinal);
                Assert.Contains("User=mesh", text, StringComparison.Ordinal);
                Assert.Contains($"ExecStart=/usr/lib/{daemon}/{daemon} run --config /etc/mesh/", text, StringComparison.Ordinal);
            }

            // Remove keeps configuration and state; purge takes everything, the user included.
            await ProcessRunner.CheckedAsync("apt-get", [.. apt, "remove", "-y", "mesh-agent"]);
            Assert.False(File.Exists("/usr/lib/mesh-agent/mesh-agent"));
            Assert.True(File.Exists("/etc/mesh/agent.hcl"));
            Assert.False(File.Exists("/etc/systemd/system/multi-user.target.wants/mesh-agent.service"));
            Assert.NotNull(await UserAsync("mesh"));

            await ProcessRunner.CheckedAsync("apt-get", [.. apt, "purge", "-y", .. Packages]);
            string[] gone =
            [
                "/etc/mesh", "/var/lib/mesh", "/etc/default/mesh-agent", "/etc/default/mesh-controller",
                "/usr/lib/mesh-agent", "/usr/lib/mesh-controller", "/usr/lib/meshctl", "/usr/bin/meshctl", "/usr/bin/mesh-agent",
                "/lib/systemd/system/mesh-agent.service", "/lib/systemd/system/mesh-controller.service",
                "/etc/systemd/system/multi-user.target.wants/mesh-agent.service",
                "/etc/systemd/system/multi-user.target.wants/mesh-controller.service",
            ];
            Assert.DoesNotContain(gone, p => File.Exists(p) || Directory.Exists(p) || new FileInfo(p).LinkTarget is not null);
            Assert.Null(await UserAsync("mesh"));
            Assert.Equal(2, (await ProcessRunner.RunAsync("getent", ["group", "mesh"], TimeSpan.FromSeconds(30))).ExitCode);
        }
        finally
        {
            await PurgeAsync(apt);
            File.Delete(sourceList);
            ForgetAptLists(packages.AptRepository);
        }
    }

    [Fact]
    public async Task AptRepository_Packages_ListsEachPackageWithItsDependencies()
    {
        var index = await File.ReadAllTextAsync(Path.Combine(packages.AptRepository, "Packages"));
        var stanzas = index.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(Packages.Order(StringComparer.Ordinal), stanzas.Select(s => Field(s, "Package")).Order(StringComparer.Ordinal));
        Assert.All(stanzas, s => Assert.Equal(PackagesFixture.Version, Field(s, "Version")));
        Assert.All(stanzas, s => Assert.Equal("amd64", Field(s, "Architecture")));
        Assert.Contains("adduser", Field(stanzas.Single(s => Field(s, "Package") == "mesh-agent"), "Depends"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(packages.AptRepository, "Release")));
        Assert.True(File.Exists(Path.Combine(packages.AptRepository, "Packages.gz")));
    }

    [Fact]
    public async Task MaintainerScripts_AreValidShellAndSymmetric()
    {
        var deb = Path.Combine(packages.AptRepository, $"mesh-agent_{PackagesFixture.Version}_amd64.deb");
        var control = Directory.CreateTempSubdirectory("mesh-deb-control").FullName;
        try
        {
            await ProcessRunner.CheckedAsync("dpkg-deb", "--control", deb, control);
            foreach (var script in new[] { "postinst", "prerm", "postrm" })
            {
                await ProcessRunner.CheckedAsync("sh", "-n", Path.Combine(control, script));
            }

            var postinst = await File.ReadAllTextAsync(Path.Combine(control, "postinst"));
            var prerm = await File.ReadAllTextAsync(Path.Combine(control, "prerm"));
            var postrm = await File.ReadAllTextAsync(Path.Combine(control, "postrm"));
            Assert.Contains("systemctl enable", postinst, StringComparison.Ordinal);
            Assert.Contains("systemctl disable", prerm, StringComparison.Ordinal);
            Assert.Contains("systemctl stop", prerm, StringComparison.Ordinal);
            Assert.Contains("adduser --system", postinst, StringComparison.Ordinal);
            Assert.Contains("deluser --system", postrm, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(control, recursive: true);
        }
    }

    private static async Task PurgeAsync(string[] apt)
    {
        var installed = new List<string>();
        foreach (var name in Packages)
        {
            var status = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${db:Status-Status}", name], TimeSpan.FromSeconds(30));
            if (status.ExitCode == 0 && status.Output.Trim() is { Length: > 0 } s && s != "not-installed")
            {
                installed.Add(name);
            }
        }

        if (installed.Count > 0)
        {
            await ProcessRunner.CheckedAsync("apt-get", [.. apt, "purge", "-y", .. installed]);
        }
    }

    // apt keeps the file: source's index under /var/lib/apt/lists, named after its path with / as _.
    private static void ForgetAptLists(string repository)
    {
        var prefix = repository.Replace('/', '_') + "_._";
        foreach (var file in Directory.EnumerateFiles("/var/lib/apt/lists", prefix + "*"))
        {
            File.Delete(file);
        }
    }

    private static async Task<string[]?> UserAsync(string name)
    {
        var result = await ProcessRunner.RunAsync("getent", ["passwd", name], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? result.Output.Trim().Split(':') : null;
    }

    private static string Field(string stanza, string field) =>
        stanza.Split('\n').First(l => l.StartsWith(field + ": ", StringComparison.Ordinal))[(field.Length + 2)..].Trim();
}
