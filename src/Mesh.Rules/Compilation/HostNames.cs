namespace Mesh.Rules.Compilation;

/// <summary>Host name normalisation, as the proxies resolve names (see Mesh.Proxy's route table aliases).</summary>
internal static class HostNames
{
    /// <summary>The Consul DNS suffix the proxies alias short names under.</summary>
    public const string ConsulSuffix = ".service.consul";

    /// <summary>The gateway name that means "every sidecar".</summary>
    public const string Mesh = "mesh";

    /// <summary>
    /// The canonical form of a host: lower case, and <c>reviews.service.consul</c> shortened to <c>reviews</c>
    /// (the proxies serve a short host under both names).
    /// </summary>
    public static string Canonical(string host)
    {
        var h = host.Trim().ToLowerInvariant();
        if (h.EndsWith(ConsulSuffix, StringComparison.Ordinal))
        {
            var shortName = h[..^ConsulSuffix.Length];
            if (shortName.Length > 0 && !shortName.Contains('.', StringComparison.Ordinal))
            {
                return shortName;
            }
        }

        return h;
    }

    /// <summary>Whether a host is a wildcard pattern (<c>*</c> or <c>*.example.com</c>).</summary>
    public static bool IsWildcard(string host) => host.StartsWith('*');

    /// <summary>Whether a (canonical) pattern covers a (canonical) host, Istio style: exact, <c>*</c>, or <c>*.suffix</c>.</summary>
    public static bool Covers(string pattern, string host)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.Ordinal)
                || (pattern.EndsWith(ConsulSuffix, StringComparison.Ordinal) && !host.Contains('.', StringComparison.Ordinal));
        }

        return string.Equals(pattern, host, StringComparison.Ordinal);
    }

    /// <summary>How specific a pattern is: exact names beat wildcards, longer wildcards beat shorter ones.</summary>
    public static int Specificity(string pattern) => IsWildcard(pattern) ? pattern.Length : int.MaxValue;

    /// <summary>Whether a resource bound to <paramref name="gateways"/> applies in <paramref name="gateway"/> (<c>mesh</c> or a gateway name).</summary>
    public static bool AppliesTo(IReadOnlyList<string> gateways, string gateway)
        => gateways.Count == 0 ? gateway == Mesh : gateways.Any(g => string.Equals(GatewayName(g), gateway, StringComparison.Ordinal));

    /// <summary>A gateway reference without a <c>namespace/</c> prefix.</summary>
    public static string GatewayName(string reference)
    {
        var slash = reference.LastIndexOf('/');
        return slash >= 0 ? reference[(slash + 1)..] : reference;
    }
}
