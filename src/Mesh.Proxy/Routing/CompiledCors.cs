using System.Globalization;
using Mesh.Snapshots.Routing;

namespace Mesh.Proxy.Routing;

/// <summary>
/// A <see cref="CorsPolicy"/> compiled once: origin matchers and the header values the proxy sends, joined
/// the way Envoy's CORS filter joins them.
/// </summary>
internal sealed class CompiledCors
{
    private readonly StringMatcher[] _origins;

    /// <summary>Compiles the policy.</summary>
    public CompiledCors(CorsPolicy policy)
    {
        _origins = new StringMatcher[policy.AllowOrigins.Count];
        for (var i = 0; i < _origins.Length; i++)
        {
            _origins[i] = StringMatcher.Compile(policy.AllowOrigins[i]);
        }

        AllowMethods = Join(policy.AllowMethods);
        AllowHeaders = Join(policy.AllowHeaders);
        ExposeHeaders = Join(policy.ExposeHeaders);
        MaxAge = policy.MaxAge is { } age ? ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
        AllowCredentials = policy.AllowCredentials;
    }

    /// <summary><c>Access-Control-Allow-Methods</c>, null when none are listed.</summary>
    public string? AllowMethods { get; }

    /// <summary><c>Access-Control-Allow-Headers</c>, null when none are listed.</summary>
    public string? AllowHeaders { get; }

    /// <summary><c>Access-Control-Expose-Headers</c>, null when none are listed.</summary>
    public string? ExposeHeaders { get; }

    /// <summary><c>Access-Control-Max-Age</c> in whole seconds, null when unset.</summary>
    public string? MaxAge { get; }

    /// <summary>Whether <c>Access-Control-Allow-Credentials: true</c> is sent.</summary>
    public bool AllowCredentials { get; }

    /// <summary>
    /// True when the origin is allowed. As in Envoy, a matcher that accepts the literal <c>*</c>
    /// (an exact <c>*</c>) accepts every origin.
    /// </summary>
    public bool IsOriginAllowed(string? origin)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }

        for (var i = 0; i < _origins.Length; i++)
        {
            if (_origins[i].IsMatch("*") || _origins[i].IsMatch(origin))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(",", values);
}
