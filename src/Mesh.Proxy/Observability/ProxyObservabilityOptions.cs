namespace Mesh.Proxy.Observability;

/// <summary>Metrics, tracing and access log settings of the proxy engine.</summary>
public sealed record ProxyObservabilityOptions
{
    /// <summary>Who this proxy is (labels of its metrics).</summary>
    public ProxyIdentity Identity { get; init; } = new();

    /// <summary>
    /// Fraction of new traces recorded, 0 to 1, for requests that arrive without a sampling decision.
    /// Requests that carry one keep it. Default 1.
    /// </summary>
    public double TraceSamplingRatio { get; init; } = 1;

    /// <summary>Access log settings; disabled by default.</summary>
    public ProxyAccessLogOptions AccessLog { get; init; } = new();
}
