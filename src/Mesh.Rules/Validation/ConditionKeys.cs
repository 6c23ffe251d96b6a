using Mesh.Hcl;

namespace Mesh.Rules.Validation;

/// <summary>
/// Istio's authorization condition keys (<c>when { key = ... }</c>) and which of them this mesh can evaluate.
/// Keys with a <c>[name]</c> part take any non-empty name.
/// </summary>
internal static class ConditionKeys
{
    /// <summary>Plain keys the inbound listener evaluates.</summary>
    public static readonly string[] Supported =
        ["source.ip", "remote.ip", "source.namespace", "source.principal", "destination.ip", "destination.port", "connection.sni"];

    /// <summary>Plain keys Istio knows that need request authentication (JWT), which this mesh does not have.</summary>
    public static readonly string[] JwtOnly = ["request.auth.principal", "request.auth.audiences", "request.auth.presenter"];

    private const string Headers = "request.headers";
    private const string Claims = "request.auth.claims";
    private const string EnvoyFilters = "experimental.envoy.filters.";

    /// <summary>Classifies a key.</summary>
    public static ConditionKeyKind Classify(string key)
    {
        if (Supported.Contains(key, StringComparer.Ordinal) || Bracketed(key, Headers) is { Length: > 0 })
        {
            return ConditionKeyKind.Supported;
        }

        return JwtOnly.Contains(key, StringComparer.Ordinal)
            || Bracketed(key, Claims) is { Length: > 0 }
            || (key.StartsWith(EnvoyFilters, StringComparison.Ordinal) && key.Length > EnvoyFilters.Length)
            ? ConditionKeyKind.Unsupported
            : ConditionKeyKind.Unknown;
    }

    /// <summary>The closest known key to an unknown one, or null.</summary>
    public static string? Suggest(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && key.EndsWith(']'))
        {
            var name = key[(open + 1)..^1];
            return name.Length == 0 ? null : DidYouMean.Suggest(key[..open], [Headers, Claims]) is { } prefix ? $"{prefix}[{name}]" : null;
        }

        // request.headers.x-tenant, request.header.x-tenant: the bracket form was meant.
        var dot = key.LastIndexOf('.');
        if (dot > 0 && dot < key.Length - 1 && DidYouMean.Suggest(key[..dot], [Headers]) is { } headers)
        {
            return $"{headers}[{key[(dot + 1)..]}]";
        }

        return DidYouMean.Suggest(key, Supported.Concat(JwtOnly));
    }

    private static string? Bracketed(string key, string prefix)
        => key.Length > prefix.Length + 1 && key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length] == '[' && key.EndsWith(']')
            ? key[(prefix.Length + 1)..^1]
            : null;
}
