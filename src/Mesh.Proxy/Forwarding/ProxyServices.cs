using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Forwarding;

/// <summary>The shared services cluster state needs, bundled to keep constructors short.</summary>
/// <remarks>
/// Without a registered <see cref="RetryBackoff"/> the back-offs between retries run on the system clock.
/// </remarks>
internal sealed class ProxyServices(IEndpointSource endpoints, TimeProvider time, ProxyRandom random, UpstreamInvokerFactory invokers, RetryBackoff? backoff = null, ProxyLocality? locality = null)
{
    /// <summary>Live endpoints.</summary>
    public IEndpointSource Endpoints { get; } = endpoints;

    /// <summary>Clock and timers.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Randomness.</summary>
    public ProxyRandom Random { get; } = random;

    /// <summary>Upstream clients.</summary>
    public UpstreamInvokerFactory Invokers { get; } = invokers;

    /// <summary>Waits between retries.</summary>
    public RetryBackoff Backoff { get; } = backoff ?? new RetryBackoff(random, TimeProvider.System);

    /// <summary>Where this proxy runs, when registered (locality-aware load balancing).</summary>
    public ProxyLocality? Locality { get; } = locality;
}
