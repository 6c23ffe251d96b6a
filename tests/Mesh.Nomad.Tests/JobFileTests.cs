using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;

namespace Mesh.Nomad.Tests;

/// <summary>The Nomad job files under packaging/nomad-jobs parse with our HCL parser and say what docs/nomad.md promises.</summary>
public sealed class JobFileTests
{
    private static readonly string JobsDirectory = FindJobs();

    public static TheoryData<string> JobFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(JobsDirectory, "*.nomad.hcl").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JobFiles))]
    public void JobFile_Parses_WithOneJobBlock(string name)
    {
        var (job, diagnostics) = Load(name);

        Assert.Empty(diagnostics);
        Assert.False(string.IsNullOrWhiteSpace(job.Labels.Single()));
        Assert.NotEmpty(Blocks(job.Body, "group", "name"));
    }

    [Fact]
    public void AgentJob_IsASystemJob()
    {
        var (job, _) = Load("mesh-agent.nomad.hcl");

        Assert.Equal("system", Attribute(job.Body, "type"));
    }

    [Fact]
    public void ControllerJob_RunsSeveralInstances()
    {
        var (job, _) = Load("mesh-controller.nomad.hcl");

        Assert.Equal("service", Attribute(job.Body, "type"));
        var group = Blocks(job.Body, "group", "name").Single();
        Assert.True(int.Parse(Attribute(group.Body, "count"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
    }

    [Fact]
    public void ExampleApplication_OptsIntoTheMeshWithTagsOrMetaAndDeclaresUpstreams()
    {
        var (job, _) = Load("bookinfo-reviews.nomad.hcl");

        var services = Blocks(job.Body, "group", "name").SelectMany(g => Blocks(g.Body, "service")).ToList();
        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var tags = Value(service.Body, "tags").Elements.Select(e => e.AsString).ToList();
            var meta = Blocks(service.Body, "meta").Single().Body.JustAttributes(new DiagnosticBag())
                .ToDictionary(kv => kv.Key, kv => kv.Value.Expression.Evaluate(EvalContext.Empty, new DiagnosticBag()).AsString);
            Assert.True(tags.Contains("mesh") || meta.GetValueOrDefault("mesh") == "true", "a service must opt in with the mesh tag or meta");
            Assert.Contains("mesh_upstreams", meta.Keys);
        }
    }

    private static (HclBlock Job, DiagnosticBag Diagnostics) Load(string name)
    {
        var path = Path.Combine(JobsDirectory, name);
        var file = HclParser.ParseFile(File.ReadAllBytes(path), path);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(file.Diagnostics);
        var job = file.Body.Content(new BodySchema([], [new BlockHeaderSchema("job", ["name"])]), diagnostics).Blocks.Single();
        return (job, diagnostics);
    }

    private static IEnumerable<HclBlock> Blocks(IBody body, string type, params string[] labels)
        => body.PartialContent(new BodySchema([], [new BlockHeaderSchema(type, labels)]), new DiagnosticBag(), out _).Blocks;

    private static Mesh.Hcl.Values.HclValue Value(IBody body, string name)
    {
        var attribute = body.PartialContent(new BodySchema([new AttributeSchema(name, Required: true)], []), new DiagnosticBag(), out _).Attributes[name];
        return attribute.Expression.Evaluate(EvalContext.Empty, new DiagnosticBag());
    }

    private static string Attribute(IBody body, string name)
    {
        var value = Value(body, name);
        return value.Kind == Mesh.Hcl.Values.HclValueKind.Number ? value.AsNumber.ToString() : value.AsString;
    }

    private static string FindJobs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "packaging", "nomad-jobs");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("packaging/nomad-jobs not found above " + AppContext.BaseDirectory);
    }
}
