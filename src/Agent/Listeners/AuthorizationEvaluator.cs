using System.Globalization;
using System.Net;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Listeners;

/// <summary>
/// Istio's evaluation order: a matching <c>deny</c> policy denies; otherwise, when any <c>allow</c> policy exists, a
/// request must match one; otherwise it is allowed. <c>audit</c> policies only record that they matched.
/// </summary>
internal static class AuthorizationEvaluator
{
    public static AuthorizationDecision Evaluate(IReadOnlyList<AuthorizationPolicy> policies, AuthorizationRequest request)
    {
        var audited = new List<string>();
        foreach (var policy in policies)
        {
            if (policy.Action == AuthorizationAction.Audit && Matches(policy, request))
            {
                audited.Add(policy.Name);
            }
        }

        foreach (var policy in policies)
        {
            if (policy.Action == AuthorizationAction.Deny && Matches(policy, request))
            {
                return new AuthorizationDecision(false, policy.Name, audited);
            }
        }

        var anyAllow = false;
        foreach (var policy in policies)
        {
            if (policy.Action != AuthorizationAction.Allow)
            {
                continue;
            }

            anyAllow = true;
            if (Matches(policy, request))
            {
                return new AuthorizationDecision(true, policy.Name, audited);
            }
        }

        return new AuthorizationDecision(!anyAllow, null, audited);
    }

    private static bool Matches(AuthorizationPolicy policy, AuthorizationRequest request) =>
        policy.Rules.Any(rule =>
            (rule.From.Count == 0 || rule.From.Any(source => MatchesSource(source, request)))
            && (rule.To.Count == 0 || rule.To.Any(operation => MatchesOperation(operation, request)))
            && rule.When.All(condition => MatchesCondition(condition, request)));

    private static bool MatchesSource(AuthorizationSource source, AuthorizationRequest request)
    {
        var principals = PrincipalForms(request);
        var ns = request.Principal?.Namespace;
        return Field(source.Principals, source.NotPrincipals, value => principals.Any(p => Wildcard(value, p, StringComparison.Ordinal)))
            && Field(source.Namespaces, source.NotNamespaces, value => ns is not null && Wildcard(value, ns, StringComparison.Ordinal))
            && Field(source.IpBlocks, source.NotIpBlocks, value => InBlock(value, request.SourceIp));
    }

    private static bool MatchesOperation(AuthorizationOperation operation, AuthorizationRequest request) =>
        Field(operation.Hosts, operation.NotHosts, value => Wildcard(value, request.Host, StringComparison.OrdinalIgnoreCase))
        && Field(operation.Methods, operation.NotMethods, value => string.Equals(value, request.Method, StringComparison.OrdinalIgnoreCase))
        && Field(operation.Paths, operation.NotPaths, value => Wildcard(value, request.Path, StringComparison.Ordinal))
        && (operation.Ports.Count == 0 || operation.Ports.Contains(request.Port))
        && !operation.NotPorts.Contains(request.Port);

    private static bool MatchesCondition(AuthorizationCondition condition, AuthorizationRequest request)
    {
        var actual = Attribute(condition.Key, request);
        bool Hit(string value) => actual.Any(a => condition.Key == "source.ip" || condition.Key == "remote.ip" ? InBlock(value, request.SourceIp) : Wildcard(value, a, StringComparison.Ordinal));
        return (condition.Values.Count == 0 || condition.Values.Any(Hit)) && !condition.NotValues.Any(Hit);
    }

    private static string[] Attribute(string key, AuthorizationRequest request)
    {
        if (key.StartsWith("request.headers[", StringComparison.Ordinal) && key.EndsWith(']'))
        {
            var name = key["request.headers[".Length..^1];
            return request.Headers.TryGetValue(name, out var values) ? [.. values.OfType<string>()] : [];
        }

        return key switch
        {
            "source.ip" or "remote.ip" => request.SourceIp is null ? [] : [request.SourceIp.ToString()],
            "source.namespace" => request.Principal is null ? [] : [request.Principal.Namespace],
            "source.principal" => PrincipalForms(request),
            "destination.port" => [request.Port.ToString(CultureInfo.InvariantCulture)],
            "request.method" => [request.Method],
            "request.path" => [request.Path],
            "request.host" => [request.Host],
            _ => [],
        };
    }

    private static string[] PrincipalForms(AuthorizationRequest request)
    {
        if (request.Principal is not { } id)
        {
            return [];
        }

        var full = id.ToString();
        return [full, full["spiffe://".Length..], id.Namespace + "/" + id.Service];
    }

    // Values are alternatives; an empty list does not constrain; any match of a "not" list excludes.
    private static bool Field(IReadOnlyList<string> values, IReadOnlyList<string> notValues, Func<string, bool> matches) =>
        (values.Count == 0 || values.Any(matches)) && !notValues.Any(matches);

    private static bool Wildcard(string pattern, string value, StringComparison comparison)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith('*'))
        {
            return value.EndsWith(pattern[1..], comparison);
        }

        return pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], comparison) : string.Equals(pattern, value, comparison);
    }

    private static bool InBlock(string block, IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPNetwork.TryParse(block, out var network))
        {
            return network.Contains(address);
        }

        return IPAddress.TryParse(block, out var single) && single.Equals(address);
    }
}
