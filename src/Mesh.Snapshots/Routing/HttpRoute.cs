namespace Mesh.Snapshots.Routing;

/// <summary>One <c>http</c> block of a virtual service: conditions and what to do with a matching request.</summary>
public sealed record HttpRoute
{
    /// <summary>The route name (the block label); reported in access logs and metrics.</summary>
    public string? Name { get; init; }

    /// <summary>Alternative conditions (OR); empty matches every request.</summary>
    public IReadOnlyList<HttpMatch> Match { get; init; } = [];

    /// <summary>Weighted destinations; exclusive with <see cref="Redirect"/> and <see cref="DirectResponse"/>.</summary>
    public IReadOnlyList<RouteDestination> Route { get; init; } = [];

    /// <summary>Answer with a redirect instead of forwarding.</summary>
    public HttpRedirect? Redirect { get; init; }

    /// <summary>Answer with a fixed response instead of forwarding.</summary>
    public HttpDirectResponse? DirectResponse { get; init; }

    /// <summary>Rewrite the path or authority before forwarding.</summary>
    public HttpRewrite? Rewrite { get; init; }

    /// <summary>Overall timeout of the request including retries; null means none (Istio's default).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retry policy; null means Istio's default (2 attempts on connect-failure, refused-stream, unavailable, cancelled, 503).</summary>
    public RetryPolicy? Retries { get; init; }

    /// <summary>Faults injected before forwarding.</summary>
    public FaultInjection? Fault { get; init; }

    /// <summary>Shadow traffic sent fire-and-forget to another destination.</summary>
    public MirrorPolicy? Mirror { get; init; }

    /// <summary>Header changes applied to every request and response of the route.</summary>
    public HeaderOperations? Headers { get; init; }

    /// <summary>Cross-origin resource sharing policy.</summary>
    public CorsPolicy? Cors { get; init; }
}
