namespace Mesh.Snapshots.Routing;

/// <summary>Cross-origin resource sharing, answered by the proxy.</summary>
public sealed record CorsPolicy
{
    /// <summary>Origins allowed; an exact <c>*</c> allows any.</summary>
    public IReadOnlyList<StringMatch> AllowOrigins { get; init; } = [];

    /// <summary>Methods allowed in <c>Access-Control-Allow-Methods</c>.</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    /// <summary>Headers allowed in <c>Access-Control-Allow-Headers</c>.</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Headers listed in <c>Access-Control-Expose-Headers</c>.</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>How long a preflight answer may be cached.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Whether credentials are allowed.</summary>
    public bool AllowCredentials { get; init; }
}
