using System.Globalization;
using Mesh.Snapshots.Security;

namespace Mesh.Agent.Listeners;

/// <summary>
/// Istio's evaluation order: a matching <c>deny</c> policy denies; otherwise, when any <c>allow</c> policy exists, a
/// request must match one; otherwise it is allowed. <c>audit</c> policies only record that they matched.
/// A policy matches when any rule does; a rule when any <c>from</c>, any <c>to</c> and every <c>when</c> match;
/// within a source or operation all fields must match and values of one field are alternatives.
/// </summary>
internal static class AuthorizationEvaluator
{
    private const string HeadersPrefix = "request.headers[";

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
            && (rule.To.Count == 0 || rule.To.Any(operation => MatchesOperation(operation, request, policy.Action)))
            && rule.When.All(condition => MatchesCondition(condition, request, policy.Action)));

    private static bool MatchesSource(AuthorizationSource source, AuthorizationRequest request)
    {
        var principals = PrincipalForms(request);
        var ns = request.Principal?.Namespace;
        return Field(source.Principals, source.NotPrincipals, value => principals.Any(p => Wildcard(value, p, StringComparison.Ordinal)))
            && Field(source.Namespaces, source.NotNamespaces, value => ns is not null && Wildcard(value, ns, StringComparison.Ordinal))
            && Field(source.IpBlocks, source.NotIpBlocks, value => IpBlock.Contains(value, request.SourceIp))
            && Field(source.RemoteIpBlocks, source.NotRemoteIpBlocks, value => IpBlock.Contains(value, request.SourceIp));
    }

    private static bool MatchesOperation(AuthorizationOperation operation, AuthorizationRequest request, AuthorizationAction action)
    {
        if (request.Tcp)
        {
            // Istio on a TCP port: HTTP-only fields make an allow (or audit) rule not match; a deny rule ignores them
            // and so matches on its L4 fields alone (fails closed).
            var httpOnly = operation.Hosts.Count + operation.NotHosts.Count + operation.Methods.Count + operation.NotMethods.Count
                + operation.Paths.Count + operation.NotPaths.Count > 0;
            if (httpOnly && action != AuthorizationAction.Deny)
            {
                return false;
            }

            return (operation.Ports.Count == 0 || operation.Ports.Contains(request.Port)) && !operation.NotPorts.Contains(request.Port);
        }

        var host = HostWithoutPort(request.Host);
        return Field(operation.Hosts, operation.NotHosts, value => Wildcard(value, host, StringComparison.OrdinalIgnoreCase))
            && Field(operation.Methods, operation.NotMethods, value => string.Equals(value, request.Method, StringComparison.Ordinal))
            && Field(operation.Paths, operation.NotPaths, value => Wildcard(value, request.Path, StringComparison.Ordinal))
            && (operation.Ports.Count == 0 || operation.Ports.Contains(request.Port))
            && !operation.NotPorts.Contains(request.Port);
    }

    private static bool MatchesCondition(AuthorizationCondition condition, AuthorizationRequest request, AuthorizationAction action)
    {
        if (request.Tcp && condition.Key.StartsWith(HeadersPrefix, StringComparison.Ordinal))
        {
            return action == AuthorizationAction.Deny;
        }

        Func<string, bool>? hit = condition.Key switch
        {
            "source.ip" or "remote.ip" => value => IpBlock.Contains(value, request.SourceIp),
            "destination.ip" => value => IpBlock.Contains(value, request.DestinationIp),
            "destination.port" => value => string.Equals(value, request.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            "source.namespace" => value => request.Principal is { } id && Wildcard(value, id.Namespace, StringComparison.Ordinal),
            "source.principal" => value => PrincipalForms(request).Any(p => Wildcard(value, p, StringComparison.Ordinal)),
            "connection.sni" => value => request.Sni is { } sni && Wildcard(value, sni, StringComparison.OrdinalIgnoreCase),
            _ when condition.Key.StartsWith(HeadersPrefix, StringComparison.Ordinal) && condition.Key.EndsWith(']') =>
                value => Header(request, condition.Key[HeadersPrefix.Length..^1]).Any(h => Wildcard(value, h, StringComparison.Ordinal)),
            _ => null,
        };

        // A key the listener cannot evaluate (validation rejects them; a snapshot from elsewhere may still carry one):
        // like Envoy, fail closed — a deny rule matches, an allow or audit rule does not.
        return hit is null ? action == AuthorizationAction.Deny : Field(condition.Values, condition.NotValues, hit);
    }

    private static string[] Header(AuthorizationRequest request, string name)
        => request.Headers.TryGetValue(name, out var values) ? [.. values.OfType<string>()] : [];

    private static string[] PrincipalForms(AuthorizationRequest request)
    {
        if (request.Principal is not { } id)
        {
            return [];
        }

        var full = id.ToString();
        return [full, full["spiffe://".Length..], id.Namespace + "/" + id.Service];
    }

    // "api:8080" → "api", "[::1]:8080" → "[::1]"; a bare IPv6 address stays as it is.
    private static string HostWithoutPort(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || (host.IndexOf(':', StringComparison.Ordinal) != colon && !host.StartsWith('[')))
        {
            return host;
        }

        return colon > 0 && host.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0 && host[..colon] is var bare && (!bare.StartsWith('[') || bare.EndsWith(']'))
            ? bare
            : host;
    }

    // Values are alternatives; an empty list does not constrain; any match of a "not" list excludes.
    private static bool Field(IReadOnlyList<string> values, IReadOnlyList<string> notValues, Func<string, bool> matches) =>
        (values.Count == 0 || values.Any(matches)) && !notValues.Any(matches);

    // Istio's string match: "*" (present), "prefix*", "*suffix" or exact.
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
}
