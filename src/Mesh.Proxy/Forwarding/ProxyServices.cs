using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Forwarding;

/// <summary>The shared services cluster state needs, bundled to keep constructors short.</summary>
internal sealed class ProxyServices(IEndpointSource endpoints, TimeProvider time, ProxyRandom random, UpstreamInvokerFactory invokers)
{
    /// <summary>Live endpoints.</summary>
    public IEndpointSource Endpoints { get; } = endpoints;

    /// <summary>Clock and timers.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Randomness.</summary>
    public ProxyRandom Random { get; } = random;

    /// <summary>Upstream clients.</summary>
    public UpstreamInvokerFactory Invokers { get; } = invokers;
}
