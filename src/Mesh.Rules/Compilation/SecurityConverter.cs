using System.Globalization;
using Mesh.Rules.Validation;
using M = Mesh.Rules.Model;
using S = Mesh.Snapshots.Security;

namespace Mesh.Rules.Compilation;

/// <summary>Resolves peer authentication and authorization policies for one service's inbound side.</summary>
internal static class SecurityConverter
{
    /// <summary>The inbound policy of a service (or of a host with no catalog instances).</summary>
    public static S.InboundPolicy Inbound(string service, CompileContext ctx)
    {
        var instances = ctx.Labels(service);
        var (mode, portModes) = PeerModes(service, instances, ctx);
        return new S.InboundPolicy
        {
            Mode = mode,
            PortModes = portModes,
            Policies = [.. ctx.AuthorizationPolicies
                .Where(p => Selects(p.Selector, service, instances))
                .Select(p => Policy(p, ctx))
                .OfType<S.AuthorizationPolicy>()],
        };
    }

    /// <summary>
    /// Whether a selector selects a service: an empty selector is mesh-wide; the key <c>service</c> names the service;
    /// other keys must all match the labels of at least one instance.
    /// </summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, string service, IReadOnlyList<IReadOnlyDictionary<string, string>> instances)
    {
        if (selector.Count == 0)
        {
            return true;
        }

        var rest = new List<KeyValuePair<string, string>>();
        foreach (var pair in selector)
        {
            if (pair.Key == "service")
            {
                if (!string.Equals(HostNames.Canonical(pair.Value), service, StringComparison.Ordinal))
                {
                    return false;
                }
            }
            else
            {
                rest.Add(pair);
            }
        }

        return rest.Count == 0
            || instances.Any(labels => rest.All(p => labels.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal)));
    }

    /// <summary>Expands a principal: <c>ns/svc</c> becomes <c>spiffe://&lt;trust-domain&gt;/ns/ns/svc/svc</c>; others pass unchanged.</summary>
    public static string Principal(string principal, string trustDomain)
    {
        if (principal == "*" || principal.Contains("://", StringComparison.Ordinal))
        {
            return principal;
        }

        var parts = principal.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return principal;
        }

        // A wildcard namespace can only be expressed as a suffix match.
        return parts[0] == "*"
            ? $"*/svc/{parts[1]}"
            : $"spiffe://{trustDomain}/ns/{parts[0]}/svc/{parts[1]}";
    }

    /// <summary>
    /// Istio's precedence: the workload-scoped policy (the first selecting one, by name) wins over the mesh-wide one;
    /// its <c>unset</c> mode inherits the mesh-wide mode; its port-level modes override the result for their ports
    /// (an <c>unset</c> port-level mode inherits the workload's). Mesh-wide port-level modes are ignored (MESH0207).
    /// </summary>
    private static (S.PeerAuthenticationMode Mode, Dictionary<int, S.PeerAuthenticationMode> Ports) PeerModes(
        string service, IReadOnlyList<IReadOnlyDictionary<string, string>> instances, CompileContext ctx)
    {
        var all = ctx.PeerAuthentications;
        var scoped = all.FirstOrDefault(p => p.Selector.Count > 0 && Selects(p.Selector, service, instances));
        var meshWide = all.FirstOrDefault(p => p.Selector.Count == 0 && p.Mode is not (null or M.MtlsMode.Unset));
        var mode = scoped?.Mode is not (null or M.MtlsMode.Unset) ? scoped!.Mode : meshWide?.Mode;
        var resolved = Mode(mode) ?? S.PeerAuthenticationMode.Permissive;
        var ports = new Dictionary<int, S.PeerAuthenticationMode>();
        foreach (var (key, portMode) in scoped?.PortLevelMtls ?? M.ValueDictionary<M.MtlsMode>.Empty)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                ports[port] = Mode(portMode) ?? resolved;
            }
        }

        return (resolved, ports);
    }

    private static S.PeerAuthenticationMode? Mode(M.MtlsMode? mode) => mode switch
    {
        M.MtlsMode.Strict => S.PeerAuthenticationMode.Strict,
        M.MtlsMode.Disable => S.PeerAuthenticationMode.Disable,
        M.MtlsMode.Permissive => S.PeerAuthenticationMode.Permissive,
        _ => null,
    };

    private static S.AuthorizationPolicy? Policy(M.AuthorizationPolicy p, CompileContext ctx)
    {
        S.AuthorizationAction action;
        switch (p.Action ?? M.AuthorizationAction.Allow)
        {
            case M.AuthorizationAction.Deny:
                action = S.AuthorizationAction.Deny;
                break;
            case M.AuthorizationAction.Audit:
                action = S.AuthorizationAction.Audit;
                break;
            case M.AuthorizationAction.Allow:
                action = S.AuthorizationAction.Allow;
                break;
            default:
                ctx.Warn(CompileCodes.Unsupported, "Custom authorization is not supported", $"{Findings.Describe(p)} uses action \"custom\", which the proxies cannot enforce; it is left out.",
                    Findings.At(p, p.Ranges, "action"), "Use allow, deny or audit.");
                return null;
        }

        var td = ctx.Catalog.TrustDomain;
        return new S.AuthorizationPolicy
        {
            Name = p.Name,
            Action = action,
            Rules = [.. p.Rules.Select(r => new S.AuthorizationRule
            {
                From = [.. r.From.Select(f => new S.AuthorizationSource
                {
                    Principals = [.. f.Principals.Select(x => Principal(x, td))],
                    NotPrincipals = [.. f.NotPrincipals.Select(x => Principal(x, td))],
                    Namespaces = [.. f.Namespaces],
                    NotNamespaces = [.. f.NotNamespaces],
                    IpBlocks = [.. f.IpBlocks],
                    NotIpBlocks = [.. f.NotIpBlocks],
                    RemoteIpBlocks = [.. f.RemoteIpBlocks],
                    NotRemoteIpBlocks = [.. f.NotRemoteIpBlocks],
                })],
                To = [.. r.To.Select(t => new S.AuthorizationOperation
                {
                    Hosts = [.. t.Hosts],
                    NotHosts = [.. t.NotHosts],
                    Methods = [.. t.Methods],
                    NotMethods = [.. t.NotMethods],
                    Paths = [.. t.Paths],
                    NotPaths = [.. t.NotPaths],
                    Ports = Ports(t.Ports),
                    NotPorts = Ports(t.NotPorts),
                })],
                When = [.. r.When.Select(w => new S.AuthorizationCondition { Key = w.Key, Values = [.. w.Values], NotValues = [.. w.NotValues] })],
            })],
        };
    }

    private static List<int> Ports(IEnumerable<string> ports)
    {
        var result = new List<int>();
        foreach (var port in ports)
        {
            if (int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                result.Add(n);
            }
        }

        return result;
    }
}
