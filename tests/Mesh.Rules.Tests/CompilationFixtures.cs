using Mesh.Rules.Compilation;
using Mesh.Rules.Model;
using Mesh.Snapshots;

namespace Mesh.Rules.Tests;

/// <summary>A clock that always answers the same instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal static class CompilationFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static CatalogInstance Instance(string node, string address, string version, string locality = "dc1/a")
        => new()
        {
            Node = node,
            Address = address,
            Port = 9080,
            Tags = ["web"],
            Meta = new Dictionary<string, string> { ["version"] = version },
            Locality = locality,
        };

    /// <summary>reviews v1/v2/v3, productpage and ratings, in trust domain mesh.local.</summary>
    public static CatalogSnapshot Bookinfo(params string[] reviewVersions)
    {
        string[] versions = reviewVersions.Length == 0 ? ["v1", "v2", "v3"] : reviewVersions;
        return CatalogSnapshot.From(
            [
                new CatalogService { Name = "reviews", Instances = [.. versions.Select((v, i) => Instance($"node{i}", $"10.0.0.{i + 1}", v))] },
                new CatalogService { Name = "productpage", Instances = [Instance("node9", "10.0.1.1", "v1")] },
                new CatalogService { Name = "ratings", Instances = [Instance("node8", "10.0.2.1", "v1")] },
            ],
            "mesh.local",
            42);
    }

    public static RuleSet LoadRules(string hcl)
    {
        var bundle = TestFiles.Load(hcl);
        Assert.True(bundle.Diagnostics.Count == 0, TestFiles.Dump(bundle));
        return bundle.Rules;
    }

    public static CompileResult Compile(string hcl, CatalogSnapshot? catalog = null)
        => SnapshotCompiler.Compile(LoadRules(hcl), catalog ?? Bookinfo(), "v42", new FixedTime(Now));

    public static ProxySnapshot Host(this CompileResult result, string host) => result.Snapshots.Single(s => s.Host == host);
}
