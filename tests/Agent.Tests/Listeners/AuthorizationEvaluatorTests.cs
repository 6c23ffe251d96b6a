using System.Net;
using Mesh.Agent.Listeners;
using Mesh.Identity;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Istio's evaluation order across policies.</summary>
public sealed class AuthorizationEvaluatorTests
{
    private static AuthorizationRequest Request(string? service, string path = "/", string ip = "10.0.0.5") => new()
    {
        Principal = service is null ? null : new SpiffeId("mesh.local", "default", service),
        SourceIp = IPAddress.Parse(ip),
        Host = "api",
        Path = path,
        Port = 21000,
    };

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
    public void Evaluate_OnlyDenyPoliciesNotMatching_Allowed()
    {
        var policies = new[] { Policy("deny-admin", AuthorizationAction.Deny, to: new AuthorizationOperation { Paths = ["/admin*"] }) };

        Assert.True(AuthorizationEvaluator.Evaluate(policies, Request("web", "/orders")).Allowed);
    }

    [Fact]
    public void Evaluate_AllowPolicyWithoutRules_DeniesEverything()
    {
        var policies = new[] { new AuthorizationPolicy { Name = "allow-nothing", Action = AuthorizationAction.Allow } };

        Assert.False(AuthorizationEvaluator.Evaluate(policies, Request("web")).Allowed);
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
    public void Evaluate_AuditPolicyAlongsideNonMatchingAllow_StillDenied()
    {
        var policies = new[]
        {
            Policy("audit-all", AuthorizationAction.Audit),
            Policy("ratings-only", AuthorizationAction.Allow, new AuthorizationSource { Principals = ["default/ratings"] }),
        };

        var decision = AuthorizationEvaluator.Evaluate(policies, Request("web"));

        Assert.False(decision.Allowed);
        Assert.Equal(["audit-all"], decision.Audited);
    }

    [Fact]
    public void Evaluate_AuditPolicyOnly_DoesNotTurnIntoAllowList()
    {
        var policies = new[] { Policy("audit-ratings", AuthorizationAction.Audit, new AuthorizationSource { Principals = ["default/ratings"] }) };

        var decision = AuthorizationEvaluator.Evaluate(policies, Request("web"));

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Audited);
    }

    [Fact]
    public void Evaluate_SeveralAllowPolicies_AnyOneSuffices()
    {
        var policies = new[]
        {
            Policy("ratings", AuthorizationAction.Allow, new AuthorizationSource { Principals = ["default/ratings"] }),
            Policy("web", AuthorizationAction.Allow, new AuthorizationSource { Principals = ["default/web"] }),
        };

        var decision = AuthorizationEvaluator.Evaluate(policies, Request("web"));

        Assert.True(decision.Allowed);
        Assert.Equal("web", decision.Policy);
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
