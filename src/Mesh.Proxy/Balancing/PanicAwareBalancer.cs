using Mesh.Proxy.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Envoy's panic threshold for a cluster without locality balancing (one priority): when fewer than the threshold
/// percent of the endpoints are available and the overprovisioned health is below 100 %, the inner balancer picks
/// among every endpoint the catalog reports healthy, ejected ones included, so the survivors are not overwhelmed.
/// </summary>
internal sealed class PanicAwareBalancer(ILoadBalancer inner, int panicThreshold) : ILoadBalancer
{
    private State? _state;

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false) =>
        inner.Pick(endpoints, context, exclude, panic || StateFor(endpoints).Panic);

    // Cached per endpoint array and availability version, like the locality loads: one comparison per request.
    private State StateFor(EndpointState[] endpoints)
    {
        var version = EndpointState.AvailabilityVersion;
        var state = Volatile.Read(ref _state);
        if (state is not null && ReferenceEquals(state.Endpoints, endpoints) && state.Version == version)
        {
            return state;
        }

        var available = PriorityLoad.CountAvailable(endpoints);
        var health = PriorityLoad.Health(available, endpoints.Length);
        state = new State(endpoints, version, PriorityLoad.InPanic(available, endpoints.Length, health, panicThreshold));
        Volatile.Write(ref _state, state);
        return state;
    }

    private sealed record State(EndpointState[] Endpoints, long Version, bool Panic);
}
