namespace Mesh.Agent.Gateways;

/// <summary>Host matching as gateways do it: exact (case-insensitive), <c>*.example.com</c> for any subdomain, <c>*</c> for any host.</summary>
internal static class HostPattern
{
    /// <summary>Whether <paramref name="pattern"/> accepts <paramref name="host"/> (without port; a <c>namespace/</c> prefix is ignored).</summary>
    public static bool Matches(string pattern, string host)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            pattern = pattern[(slash + 1)..];
        }

        if (pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether any pattern accepts the host (an empty list accepts every host).</summary>
    public static bool MatchesAny(IReadOnlyList<string> patterns, string host) =>
        patterns.Count == 0 || patterns.Any(p => Matches(p, host));

    /// <summary>How specific the best matching pattern is (exact beats longer wildcard beats <c>*</c>); -1 when none matches.</summary>
    public static int Score(IReadOnlyList<string> patterns, string host)
    {
        var best = patterns.Count == 0 ? 0 : -1;
        foreach (var pattern in patterns)
        {
            if (Matches(pattern, host))
            {
                var bare = pattern[(pattern.IndexOf('/', StringComparison.Ordinal) + 1)..];
                var score = bare == "*" ? 0 : bare.StartsWith('*') ? bare.Length : 10_000;
                best = Math.Max(best, score);
            }
        }

        return best;
    }
}
