using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Tests;

public sealed class SecurityValidationTests
{
    private static string When(string key, string values = "values = [\"x\"]") => $$"""
        authorization_policy "p" {
          selector = { service = "reviews" }
          rule {
            when {
              key = "{{key}}"
              {{values}}
            }
          }
        }
        """;

    private static Diagnostic Single(string text, string code)
    {
        var found = TestFiles.Check(text);
        var hit = Assert.Single(found);
        Assert.True(hit.Code == code, $"expected {code}; got: {hit.Code} {hit}");
        Assert.Equal(DiagnosticSeverity.Error, hit.Severity);
        Assert.Equal("rules.hcl", hit.Subject!.Value.Filename);
        Assert.NotEmpty(hit.Suggestion);
        return hit;
    }

    [Theory]
    [InlineData("request.headers[x-tenant]")]
    [InlineData("source.namespace")]
    [InlineData("source.principal")]
    [InlineData("connection.sni")]
    public void Validate_SupportedConditionKey_NoFinding(string key)
    {
        Assert.Empty(TestFiles.Check(When(key)));
    }

    [Theory]
    [InlineData("source.ip", "10.0.0.0/8")]
    [InlineData("remote.ip", "10.1.2.3")]
    [InlineData("destination.ip", "fd00::/8")]
    [InlineData("destination.port", "8080")]
    public void Validate_AddressAndPortKeysWithGoodValues_NoFinding(string key, string value)
    {
        Assert.Empty(TestFiles.Check(When(key, $"values = [\"{value}\"]")));
    }

    [Theory]
    [InlineData("request.header[x-tenant]", "request.headers[x-tenant]")]
    [InlineData("request.headers.x-tenant", "request.headers[x-tenant]")]
    [InlineData("source.principals", "source.principal")]
    [InlineData("source.ipp", "source.ip")]
    [InlineData("destnation.port", "destination.port")]
    public void Validate_NearMissConditionKey_UnknownKeyWithSuggestionAtKey(string key, string suggestion)
    {
        var hit = Single(When(key), RuleCodes.UnknownConditionKey);

        Assert.Contains($"Did you mean \"{suggestion}\"?", hit.Detail, StringComparison.Ordinal);
        Assert.Equal($"Use \"{suggestion}\".", hit.Suggestion);
        Assert.Equal(5, hit.Subject!.Value.Start.Line);
        Assert.Equal(13, hit.Subject.Value.Start.Column);
    }

    [Theory]
    [InlineData("request.method")]
    [InlineData("whatever")]
    [InlineData("request.headers[]")]
    public void Validate_UnknownConditionKey_Error(string key)
    {
        var hit = Single(When(key), RuleCodes.UnknownConditionKey);

        Assert.Contains(key, hit.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("request.auth.principal")]
    [InlineData("request.auth.audiences")]
    [InlineData("request.auth.presenter")]
    [InlineData("request.auth.claims[groups]")]
    [InlineData("experimental.envoy.filters.network.mysql_proxy[db.table]")]
    public void Validate_IstioKeyWeCannotEvaluate_UnsupportedError(string key)
    {
        var hit = Single(When(key), RuleCodes.UnsupportedAuthorization);

        Assert.Contains("not supported by this mesh", hit.Summary, StringComparison.Ordinal);
        Assert.Equal(5, hit.Subject!.Value.Start.Line);
    }

    [Fact]
    public void Validate_RequestPrincipals_UnsupportedError()
    {
        var text = """
            authorization_policy "p" {
              rule {
                from { request_principals = ["issuer/subject"] }
              }
            }
            """;

        var hit = Single(text, RuleCodes.UnsupportedAuthorization);

        Assert.Equal(3, hit.Subject!.Value.Start.Line);
    }

    [Theory]
    [InlineData("source.ip", "values = [\"ten.0.0.1\"]")]
    [InlineData("destination.port", "not_values = [\"http\"]")]
    [InlineData("destination.port", "values = [\"70000\"]")]
    [InlineData("request.headers[x-a]", "")]
    public void Validate_BadConditionValues_Error(string key, string values)
    {
        Single(When(key, values), RuleCodes.BadConditionValue);
    }

    [Fact]
    public void Validate_BadIpBlock_Error()
    {
        var text = """
            authorization_policy "p" {
              rule {
                from { not_ip_blocks = ["10.0.0.0/33"] }
              }
            }
            """;

        Assert.Equal(3, Single(text, RuleCodes.BadConditionValue).Subject!.Value.Start.Line);
    }

    [Fact]
    public void Validate_PortLevelMtlsWithoutSelector_ErrorAtAttribute()
    {
        var text = """
            peer_authentication "default" {
              mode            = "strict"
              port_level_mtls = { "8080" = "permissive" }
            }
            """;

        var hit = Single(text, RuleCodes.PortLevelWithoutSelector);

        Assert.Equal(3, hit.Subject!.Value.Start.Line);
        Assert.Equal(21, hit.Subject.Value.Start.Column);
    }

    [Fact]
    public void Validate_PortLevelMtlsWithSelector_NoFinding()
    {
        var text = """
            peer_authentication "reviews" {
              selector        = { service = "reviews" }
              mode            = "strict"
              port_level_mtls = { "8080" = "permissive", "9090" = "disable" }
            }
            """;

        Assert.Empty(TestFiles.Check(text));
    }

    [Fact]
    public void Validate_PortLevelMtlsBadPort_Error()
    {
        var text = """
            peer_authentication "reviews" {
              selector        = { service = "reviews" }
              port_level_mtls = { "http" = "permissive" }
            }
            """;

        Single(text, RuleCodes.BadNumber);
    }
}
