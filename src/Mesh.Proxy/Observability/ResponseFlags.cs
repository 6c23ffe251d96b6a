namespace Mesh.Proxy.Observability;

/// <summary>Envoy's response flags the proxy can set on a request, rendered as <c>UF</c>, <c>UO</c>, ... or <c>-</c>.</summary>
[Flags]
public enum ResponseFlags
{
    /// <summary>No flag: rendered <c>-</c>.</summary>
    None = 0,

    /// <summary><c>UF</c>: upstream connection failure.</summary>
    UpstreamConnectionFailure = 1,

    /// <summary><c>UO</c>: upstream overflow (circuit breaker).</summary>
    UpstreamOverflow = 2,

    /// <summary><c>NR</c>: no route.</summary>
    NoRoute = 4,

    /// <summary><c>UH</c>: no healthy upstream.</summary>
    NoHealthyUpstream = 8,

    /// <summary><c>FI</c>: fault injection abort.</summary>
    FaultInjected = 16,

    /// <summary><c>DI</c>: fault injection delay.</summary>
    DelayInjected = 32,

    /// <summary><c>UT</c>: upstream request timeout.</summary>
    UpstreamRequestTimeout = 64,

    /// <summary><c>URX</c>: retries exhausted.</summary>
    UpstreamRetryLimitExceeded = 128,
}
