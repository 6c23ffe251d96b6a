namespace Mesh.Rules.Model;

/// <summary>An HTTP route (<c>http "name"</c> block).</summary>
public sealed record HttpRoute
{
    /// <summary>The route name (the block label).</summary>
    public string Name { get; init; } = "";

    /// <summary>Match conditions, any of which selects the route; none means every request.</summary>
    public ValueList<HttpMatch> Match { get; init; } = ValueList<HttpMatch>.Empty;

    /// <summary>Weighted destinations.</summary>
    public ValueList<HttpRouteDestination> Route { get; init; } = ValueList<HttpRouteDestination>.Empty;

    /// <summary>A redirect instead of a route.</summary>
    public HttpRedirect? Redirect { get; init; }

    /// <summary>Rewriting before forwarding.</summary>
    public HttpRewrite? Rewrite { get; init; }

    /// <summary>The request timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The retry policy.</summary>
    public HttpRetry? Retries { get; init; }

    /// <summary>Fault injection.</summary>
    public HttpFault? Fault { get; init; }

    /// <summary>Traffic mirroring.</summary>
    public HttpMirror? Mirror { get; init; }

    /// <summary>The CORS policy (<c>cors_policy</c> block).</summary>
    public CorsPolicy? Cors { get; init; }

    /// <summary>Header manipulation.</summary>
    public HeaderOperations? Headers { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
