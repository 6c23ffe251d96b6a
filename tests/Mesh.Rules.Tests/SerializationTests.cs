using Mesh.Rules.Model;
using Mesh.Rules.Serialization;

namespace Mesh.Rules.Tests;

public sealed class SerializationTests
{
    private static IReadOnlyList<Resource> Example()
    {
        var bundle = TestFiles.Load(TestFiles.FullExample);
        Assert.False(bundle.Diagnostics.HasErrors, TestFiles.Dump(bundle));
        return bundle.Rules.Resources;
    }

    [Fact]
    public void Json_FullExample_RoundTripsToEqualResources()
    {
        foreach (var resource in Example())
        {
            var json = ResourceJson.Serialize(resource);
            var back = ResourceJson.Deserialize(resource.Kind, json);

            Assert.Equal(resource, back);
            Assert.Equal(json, ResourceJson.Serialize(back));
        }
    }

    [Fact]
    public void Hcl_FullExample_RoundTripsThroughTheLoader()
    {
        var original = Example();
        var text = ResourceHclWriter.Write(original);

        var bundle = TestFiles.Load(text, "written.hcl");

        Assert.True(bundle.Diagnostics.Count == 0, TestFiles.Dump(bundle) + "\n" + text);
        Assert.Equal(original, bundle.Rules.Resources);
    }
}
