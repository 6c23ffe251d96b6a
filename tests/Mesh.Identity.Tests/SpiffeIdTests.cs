
namespace Mesh.Identity.Tests;

public sealed class SpiffeIdTests
{
    [Theory]
    [InlineData("spiffe://mesh.local/ns/default/svc/web", "mesh.local", "default", "web")]
    [InlineData("SPIFFE://Mesh.Local/ns/prod/svc/api-v2", "mesh.local", "prod", "api-v2")]
    public void Parse_ValidId_ReadsParts(string text, string trustDomain, string ns, string service)
    {
        var id = SpiffeId.Parse(text);

        Assert.Equal(trustDomain, id.TrustDomain);
        Assert.Equal(ns, id.Namespace);
        Assert.Equal(service, id.Service);
        Assert.Equal($"spiffe://{trustDomain}/ns/{ns}/svc/{service}", id.ToString());
        Assert.Equal(id.ToString(), id.ToUri().AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://mesh.local/ns/default/svc/web")]
    [InlineData("spiffe://mesh.local/ns/default")]
    [InlineData("spiffe://mesh.local/ns/default/svc/")]
    [InlineData("spiffe://mesh.local/namespace/default/svc/web")]
    [InlineData("spiffe:///ns/default/svc/web")]
    [InlineData("spiffe://mesh.local/ns/default/svc/web/extra")]
    [InlineData("spiffe://mesh local/ns/default/svc/web")]
    public void TryParse_InvalidText_ReturnsFalse(string? text)
    {
        Assert.False(SpiffeId.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => SpiffeId.Parse(text));
        }
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("spiffe://mesh.local/ns/prod/svc/api", true)]
    [InlineData("spiffe://mesh.local/ns/prod/svc/web", false)]
    [InlineData("spiffe://other.local/ns/prod/svc/api", false)]
    [InlineData("spiffe://mesh.local/ns/prod/*", true)]
    [InlineData("spiffe://mesh.local/ns/dev/*", false)]
    [InlineData("prod/api", true)]
    [InlineData("prod/web", false)]
    [InlineData("prod/*", true)]
    [InlineData("dev/*", false)]
    [InlineData("*/api", true)]
    [InlineData("*/web", false)]
    [InlineData("prod/ap*", true)]
    [InlineData("*api*", true)]
    [InlineData("pr*d/api", false)]
    public void Matches_Pattern_FollowsPrincipalRules(string pattern, bool expected)
    {
        var id = new SpiffeId("mesh.local", "prod", "api");

        Assert.Equal(expected, id.Matches(pattern));
    }

    [Fact]
    public void Equality_SameParts_AreEqual()
    {
        Assert.Equal(SpiffeId.Parse("spiffe://mesh.local/ns/a/svc/b"), new SpiffeId("mesh.local", "a", "b"));
    }
}
