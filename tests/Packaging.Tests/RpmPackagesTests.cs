using System.IO.Compression;
using System.Xml.Linq;

namespace Mesh.Packaging.Tests;

[Collection(PackagesCollection.Name)]
public sealed class RpmPackagesTests(PackagesFixture packages)
{
    [Theory]
    [InlineData("mesh-agent", "agent.hcl")]
    [InlineData("mesh-controller", "controller.hcl")]
    public async Task RpmQuery_Daemon_HasInfoFilesConfigAndUserScripts(string name, string config)
    {
        var rpm = Rpm(name);

        var info = await ProcessRunner.CheckedAsync("rpm", "-qip", rpm);
        var files = await ProcessRunner.CheckedAsync("rpm", "-qlp", rpm);
        var configs = await ProcessRunner.CheckedAsync("rpm", "-qcp", rpm);
        var scripts = await ProcessRunner.CheckedAsync("rpm", "-qp", "--scripts", rpm);

        Assert.Matches($@"Name\s*: {name}\b", info);
        Assert.Matches($@"Version\s*: {PackagesFixture.Version.Replace(".", @"\.", StringComparison.Ordinal)}\b", info);
        Assert.Matches(@"Architecture\s*: x86_64", info);
        var list = files.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"/usr/lib/{name}/{name}", list);
        Assert.Contains($"/usr/bin/{name}", list);
        Assert.Contains($"/usr/lib/systemd/system/{name}.service", list);
        Assert.Contains("/var/lib/mesh", list);
        Assert.Equal([$"/etc/default/{name}", $"/etc/mesh/{config}"], configs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Contains("useradd --system", scripts, StringComparison.Ordinal);
        Assert.Contains($"systemctl enable {name}.service", scripts, StringComparison.Ordinal);
        Assert.Contains($"systemctl disable {name}.service", scripts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RpmInstall_IntoScratchRoot_LaysOutTheSameTreeAsTheDeb()
    {
        var root = Directory.CreateTempSubdirectory("mesh-rpm-root").FullName;
        try
        {
            // --noscripts: the scratch root has no /bin/sh for the scriptlets (they are checked by the query test).
            await ProcessRunner.CheckedAsync("rpm", "--root", root, "--nodeps", "--noscripts", "-i", Rpm("mesh-agent"), Rpm("mesh-controller"), Rpm("meshctl"));

            var installed = await ProcessRunner.CheckedAsync("rpm", "--root", root, "-qa", "--qf", "%{NAME}\\n");
            Assert.Equal(["mesh-agent", "mesh-controller", "meshctl"], installed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            Assert.True(File.Exists(Path.Combine(root, "usr/lib/mesh-agent/mesh-agent")));
            Assert.Equal("../lib/meshctl/meshctl", new FileInfo(Path.Combine(root, "usr/bin/meshctl")).LinkTarget);
            Assert.True(File.Exists(Path.Combine(root, "usr/lib/systemd/system/mesh-controller.service")));
            Assert.True(File.Exists(Path.Combine(root, "etc/mesh/agent.hcl")));
            Assert.True(Directory.Exists(Path.Combine(root, "var/lib/mesh")));
            var version = await ProcessRunner.CheckedAsync(Path.Combine(root, "usr/lib/meshctl/meshctl"), "version");
            Assert.Equal($"meshctl {PackagesFixture.Version}", version.Trim());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task YumRepository_Metadata_ListsEveryRpm()
    {
        var repomd = XDocument.Load(Path.Combine(packages.YumRepository, "repodata", "repomd.xml"));
        var primaryHref = repomd.Descendants().Single(e => e.Name.LocalName == "data" && (string?)e.Attribute("type") == "primary")
            .Elements().Single(e => e.Name.LocalName == "location").Attribute("href")!.Value;

        await using var gzip = new GZipStream(File.OpenRead(Path.Combine(packages.YumRepository, primaryHref)), CompressionMode.Decompress);
        var primary = await XDocument.LoadAsync(gzip, LoadOptions.None, CancellationToken.None);
        var names = primary.Descendants().Where(e => e.Name.LocalName == "package")
            .Select(p => p.Elements().Single(e => e.Name.LocalName == "name").Value).Order(StringComparer.Ordinal);

        Assert.Equal(["mesh-agent", "mesh-controller", "meshctl"], names);
    }

    private string Rpm(string name) => Path.Combine(packages.YumRepository, "x86_64", $"{name}-{PackagesFixture.Version}-1.x86_64.rpm");
}
