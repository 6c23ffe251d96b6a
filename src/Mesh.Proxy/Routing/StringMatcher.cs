using System.Text.RegularExpressions;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Routing;

/// <summary>A <see cref="StringMatch"/> compiled once: exact, prefix, regex (full match), or presence when all are empty.</summary>
internal sealed class StringMatcher
{
    private readonly string? _exact;
    private readonly string? _prefix;
    private readonly Regex? _regex;
    private readonly StringComparison _comparison;

    private StringMatcher(string? exact, string? prefix, Regex? regex, StringComparison comparison)
    {
        _exact = exact;
        _prefix = prefix;
        _regex = regex;
        _comparison = comparison;
    }

    /// <summary>Compiles a match; Istio regexes are RE2 and must match the whole value.</summary>
    public static StringMatcher Compile(StringMatch match, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        Regex? regex = null;
        if (match.Regex is { } pattern)
        {
            var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.NonBacktracking;
            if (ignoreCase)
            {
                options |= RegexOptions.IgnoreCase;
            }

            var anchored = "^(?:" + pattern + ")$";
            try
            {
                regex = new Regex(anchored, options);
            }
            catch (NotSupportedException)
            {
                // Lookarounds and backreferences need the backtracking engine.
                options = (options & ~RegexOptions.NonBacktracking) | RegexOptions.Compiled;
                regex = new Regex(anchored, options, TimeSpan.FromMilliseconds(100));
            }
        }

        return new StringMatcher(match.Exact, match.Prefix, regex, comparison);
    }

    /// <summary>True when the value satisfies the match; a null value (absent) never matches.</summary>
    public bool IsMatch(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (_exact is not null)
        {
            return string.Equals(value, _exact, _comparison);
        }

        if (_prefix is not null)
        {
            return value.StartsWith(_prefix, _comparison);
        }

        if (_regex is not null)
        {
            return _regex.IsMatch(value);
        }

        // An empty match block means "present".
        return true;
    }

    /// <summary>The prefix, when this is a prefix match (used by URI rewrites).</summary>
    public string? Prefix => _prefix;
}
