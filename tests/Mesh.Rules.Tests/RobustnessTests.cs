using Mesh.Rules.Model;
using Mesh.Rules.Serialization;

namespace Mesh.Rules.Tests;

public sealed class RobustnessTests
{
    [Theory]
    [InlineData("virtual_service \"a\" {\n  hosts = [\n")]
    [InlineData("}}}} = = \"")]
    [InlineData("virtual_service {\n}\nvirtual_service \"a\" \"b\" {\n}\n")]
    [InlineData("destination_rule \"a\" {\n  host = var.nope\n  traffic_policy {\n    tls {\n      mode = 42\n    }\n  }\n}\n")]
    public void Load_BrokenInput_ReportsErrorsWithPositionsInsteadOfThrowing(string text)
    {
        var bundle = TestFiles.Load(text);

        Assert.True(bundle.Diagnostics.HasErrors);
        Assert.All(bundle.Diagnostics, d => Assert.Equal("rules.hcl", d.Subject!.Value.Filename));
    }

    [Fact]
    public void Load_UnknownTopLevelBlock_SuggestsTheKind()
    {
        var bundle = TestFiles.Load("virtual_servce \"a\" {\n}\n");

        var d = Assert.Single(bundle.Diagnostics);
        Assert.Contains("Did you mean \"virtual_service\"?", d.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WrongKind_ThrowsFormatException()
    {
        var json = ResourceJson.Serialize(new PeerAuthentication { Name = "p", Mode = MtlsMode.Strict });

        Assert.Throws<FormatException>(() => ResourceJson.Deserialize(ResourceKinds.Gateway, json));
        Assert.Equal(MtlsMode.Strict, Assert.IsType<PeerAuthentication>(ResourceJson.Deserialize(ResourceKinds.PeerAuthentication, json)).Mode);
    }

    [Theory]
    [InlineData("250ms", 2_500_000L, "250ms")]
    [InlineData("1m30s", 900_000_000L, "1m30s")]
    [InlineData("1.5s", 15_000_000L, "1.5s")]
    [InlineData("2h", 72_000_000_000L, "2h")]
    [InlineData("0", 0L, "0s")]
    public void GoDuration_ParseAndFormat_RoundTrip(string text, long ticks, string canonical)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(ticks, value.Ticks);
        Assert.Equal(canonical, GoDuration.Format(value));
    }

    [Fact]
    public void Json_StringsWithTemplateSequences_RoundTrip()
    {
        var rule = new DestinationRule { Name = "d", Host = "a${b}%{c}" };

        Assert.Equal(rule, ResourceJson.Deserialize(rule.Kind, ResourceJson.Serialize(rule)));
    }
}
