using System.Net;
using Mesh.Agent.Listeners;
using Mesh.Identity;
using Mesh.Snapshots.Security;
using Microsoft.AspNetCore.Http;

namespace Mesh.Agent.Tests.Listeners;

public sealed class AuthorizationEvaluatorTests
{
    private static AuthorizationRequest Request(string? service, string path = "/", string ip = "10.0.0.5") => new(
        service is null ? null : new SpiffeId("mesh.local", "default", service), IPAddress.Parse(ip), "api", "GET", path, 21000, new HeaderDictionary());

    private static AuthorizationPolicy Policy(string name, AuthorizationAction action, AuthorizationSource? from = null, AuthorizationOperation? to = null) => new()
    {
        Name = name,
        Action = action,
        Rules = [new AuthorizationRule { From = from is null ? [] : [from], To = to is null ? [] : [to] }],
    };

    [Fact]
    public void Evaluate_DenyAndAllowBothMatch_DenyWins()
    {
        var policies = new[]
        {
            Policy("allow-all", AuthorizationAction.Allow),
            Policy("deny-web", AuthorizationAction.Deny, new AuthorizationSource { Principals = ["default/web"] }),
        };

        var decision = AuthorizationEvaluator.Evaluate(policies, Request("web"));

        Assert.False(decision.Allowed);
        Assert.Equal("deny-web", decision.Policy);
    }

    [Fact]
    public void Evaluate_AllowPolicyNotMatching_Denied()
    {
        var policies = new[] { Policy("ratings-only", AuthorizationAction.Allow, new AuthorizationSource { Principals = ["spiffe://mesh.local/ns/default/svc/ratings"] }) };

        Assert.False(AuthorizationEvaluator.Evaluate(policies, Request("web")).Allowed);
        Assert.True(AuthorizationEvaluator.Evaluate(policies, Request("ratings")).Allowed);
        Assert.False(AuthorizationEvaluator.Evaluate(policies, Request(null)).Allowed);
    }

    [Fact]
    public void Evaluate_NoPolicies_Allowed()
    {
        Assert.True(AuthorizationEvaluator.Evaluate([], Request(null)).Allowed);
    }

    [Fact]
    public void Evaluate_AuditPolicyMatches_RecordedWithoutChangingDecision()
    {
        var policies = new[] { Policy("audit-admin", AuthorizationAction.Audit, to: new AuthorizationOperation { Paths = ["/admin*"] }) };

        var decision = AuthorizationEvaluator.Evaluate(policies, Request("web", "/admin/x"));

        Assert.True(decision.Allowed);
        Assert.Equal(["audit-admin"], decision.Audited);
    }

    [Fact]
    public void Evaluate_IpBlockAndNotPath_MatchAsIstioDoes()
    {
        var policies = new[] { Policy("internal", AuthorizationAction.Allow, new AuthorizationSource { IpBlocks = ["10.0.0.0/8"] }, new AuthorizationOperation { NotPaths = ["/private*"] }) };

        Assert.True(AuthorizationEvaluator.Evaluate(policies, Request(null, "/public")).Allowed);
        Assert.False(AuthorizationEvaluator.Evaluate(policies, Request(null, "/private/1")).Allowed);
        Assert.False(AuthorizationEvaluator.Evaluate(policies, Request(null, "/public", "192.168.1.1")).Allowed);
    }
}
