using System.Net;
using Mesh.Agent.Listeners;
using Mesh.Identity;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Authorization of TCP connections: L4 fields only, HTTP-only fields handled as Istio does.</summary>
public sealed class TcpAuthorizationTests
{
    private static readonly AuthorizationRequest s_tcp = new()
    {
        Principal = new SpiffeId("mesh.local", "default", "web"),
        SourceIp = IPAddress.Parse("10.0.0.5"),
        Port = 3306,
        Method = "",
        Path = "",
        Tcp = true,
    };

    private static AuthorizationPolicy Policy(AuthorizationAction action, AuthorizationOperation? to = null, string principal = "default/web") => new()
    {
        Name = "p",
        Action = action,
        Rules = [new AuthorizationRule { From = [new AuthorizationSource { Principals = [principal] }], To = to is null ? [] : [to] }],
    };

    [Fact]
    public void Evaluate_AllowOnPrincipalAndPort_Allowed()
    {
        var decision = AuthorizationEvaluator.Evaluate([Policy(AuthorizationAction.Allow, new AuthorizationOperation { Ports = [3306] })], s_tcp);

        Assert.True(decision.Allowed);
    }

    [Fact]
    public void Evaluate_AllowWithMethods_RuleDoesNotMatchOnTcp()
    {
        var decision = AuthorizationEvaluator.Evaluate([Policy(AuthorizationAction.Allow, new AuthorizationOperation { Methods = ["GET"] })], s_tcp);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void Evaluate_DenyWithPaths_IgnoresHttpFieldsAndDenies()
    {
        var decision = AuthorizationEvaluator.Evaluate([Policy(AuthorizationAction.Deny, new AuthorizationOperation { Paths = ["/admin"] })], s_tcp);

        Assert.False(decision.Allowed);
        Assert.Equal("p", decision.Policy);
    }

    [Fact]
    public void Evaluate_DenyOtherPrincipal_Allowed()
    {
        var decision = AuthorizationEvaluator.Evaluate([Policy(AuthorizationAction.Deny, principal: "default/billing")], s_tcp);

        Assert.True(decision.Allowed);
    }

    [Fact]
    public void Evaluate_AllowWithHeaderCondition_RuleDoesNotMatchOnTcp()
    {
        var policy = Policy(AuthorizationAction.Allow) with
        {
            Rules = [new AuthorizationRule { When = [new AuthorizationCondition { Key = "request.headers[x-user]", Values = ["*"] }] }],
        };

        Assert.False(AuthorizationEvaluator.Evaluate([policy], s_tcp).Allowed);
    }
}
