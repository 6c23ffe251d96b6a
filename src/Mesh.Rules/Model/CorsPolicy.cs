namespace Mesh.Rules.Model;

/// <summary>The CORS policy (<c>cors_policy</c> block).</summary>
public sealed record CorsPolicy
{
    /// <summary>Allowed origins (exact).</summary>
    public ValueList<string> AllowOrigins { get; init; } = ValueList<string>.Empty;

    /// <summary>Allowed origins (regular expressions).</summary>
    public ValueList<string> AllowOriginRegexes { get; init; } = ValueList<string>.Empty;

    /// <summary>Allowed methods.</summary>
    public ValueList<string> AllowMethods { get; init; } = ValueList<string>.Empty;

    /// <summary>Allowed request headers.</summary>
    public ValueList<string> AllowHeaders { get; init; } = ValueList<string>.Empty;

    /// <summary>Headers the browser may read.</summary>
    public ValueList<string> ExposeHeaders { get; init; } = ValueList<string>.Empty;

    /// <summary>How long a preflight result may be cached.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Whether credentials are allowed.</summary>
    public bool? AllowCredentials { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
