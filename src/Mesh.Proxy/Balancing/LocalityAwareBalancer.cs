using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Locality-aware load balancing in front of another balancer (Istio's <c>locality_lb_setting</c>). With a
/// <c>distribute</c> rule for this proxy's locality, a locality group is drawn by its weight re-weighted by health
/// (see <see cref="DistributeLoad"/>); otherwise (failover, which Istio only enables with outlier detection) traffic
/// spills over priority groups as in Envoy: a priority whose available share times the overprovisioning factor 1.4
/// reaches 100 % takes everything, a degraded one keeps its health percentage and the rest goes to the next
/// priorities (see <see cref="PriorityLoad"/>). The inner balancer picks within the chosen group, over all of the
/// group's endpoints (ejected ones too) when the group is below the panic threshold.
/// </summary>
internal sealed class LocalityAwareBalancer : ILoadBalancer
{
    private readonly ILoadBalancer _inner;
    private readonly LocalityName _self;
    private readonly IReadOnlyList<LocalityFailover> _failover;
    private readonly LocalityDistribute? _distribute;
    private readonly ProxyRandom _random;
    private readonly int _panicThreshold;
    private LocalityGroups? _groups;
    private PriorityLoad? _priorityLoad;
    private DistributeLoad? _distributeLoad;

    private LocalityAwareBalancer(ILoadBalancer inner, LocalityName self, IReadOnlyList<LocalityFailover> failover, LocalityDistribute? distribute, ProxyRandom random, int panicThreshold)
    {
        _inner = inner;
        _self = self;
        _failover = failover;
        _distribute = distribute;
        _random = random;
        _panicThreshold = panicThreshold;
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> when locality balancing applies: the proxy's locality is known, the setting is
    /// not disabled, and either a distribute rule matches this proxy or outlier detection is configured (failover).
    /// Otherwise returns <paramref name="inner"/>, behind a <see cref="PanicAwareBalancer"/> when
    /// <paramref name="panicThreshold"/> (outlier detection's <c>min_health_percent</c>, Envoy's
    /// <c>healthy_panic_threshold</c>; 0 disables) is set.
    /// </summary>
    public static ILoadBalancer Wrap(ILoadBalancer inner, ProxyLocality? self, LocalityLoadBalancing? settings, bool outlierDetection, ProxyRandom random, int panicThreshold = 0)
    {
        if (self is null || self.Name.IsUnknown || settings?.Enabled == false)
        {
            return Plain(inner, panicThreshold);
        }

        LocalityDistribute? distribute = null;
        var rules = settings?.Distribute ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            if (self.Name.Matches(rules[i].From))
            {
                distribute = rules[i];
                break;
            }
        }

        if (distribute is null && !outlierDetection)
        {
            return Plain(inner, panicThreshold);
        }

        return new LocalityAwareBalancer(inner, self.Name, settings?.Failover ?? [], distribute, random, panicThreshold);
    }

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude, bool panic = false)
    {
        var groups = GroupsFor(endpoints);
        return _distribute is not null
            ? PickDistributed(groups, context, exclude, panic)
            : PickByPriority(groups, context, exclude, panic);
    }

    private EndpointState? PickByPriority(LocalityGroups groups, HttpContext context, EndpointState? exclude, bool panic)
    {
        var load = PriorityLoadFor(groups);
        if (load.IsEmpty)
        {
            return null;
        }

        var index = load.Groups.Groups.Length == 1 || load.Loads[0] == 100 ? 0 : load.Select(_random.Next(100));
        return index < 0 ? null : _inner.Pick(load.Groups.Groups[index], context, exclude, panic || load.Panic[index]);
    }

    // Envoy ignores locality weights in panic and balances over the whole priority. Without any available endpoint in
    // a weighted group (and no panic), the plain balancer over all endpoints is the last resort.
    private EndpointState? PickDistributed(LocalityGroups groups, HttpContext context, EndpointState? exclude, bool panic)
    {
        var load = DistributeLoadFor(groups);
        if (load.Panic)
        {
            return _inner.Pick(groups.Members, context, exclude, panic: true);
        }

        var index = load.Total > 0 ? load.Select(_random.NextDouble()) : -1;
        return (index < 0 ? null : _inner.Pick(groups.Groups[index], context, exclude, panic))
            ?? _inner.Pick(groups.Source, context, exclude, panic);
    }

    // Cached per endpoint array and availability version: recomputed only after an ejection, an un-ejection or a
    // catalog update, so the per-request path reads two fields and rolls once.
    private PriorityLoad PriorityLoadFor(LocalityGroups groups) => LoadFor(ref _priorityLoad, groups, PriorityLoad.Compute);

    private DistributeLoad DistributeLoadFor(LocalityGroups groups) => LoadFor(ref _distributeLoad, groups, DistributeLoad.Compute);

    private TLoad LoadFor<TLoad>(ref TLoad? slot, LocalityGroups groups, Func<LocalityGroups, long, int, TLoad> compute)
        where TLoad : class, IGroupLoad
    {
        var version = EndpointState.AvailabilityVersion;
        var load = Volatile.Read(ref slot);
        if (load is not null && ReferenceEquals(load.Groups, groups) && load.Version == version)
        {
            return load;
        }

        load = compute(groups, version, _panicThreshold);
        Volatile.Write(ref slot, load);
        return load;
    }

    private static ILoadBalancer Plain(ILoadBalancer inner, int panicThreshold) =>
        panicThreshold > 0 ? new PanicAwareBalancer(inner, panicThreshold) : inner;

    private LocalityGroups GroupsFor(EndpointState[] endpoints)
    {
        var groups = Volatile.Read(ref _groups);
        if (groups is not null && ReferenceEquals(groups.Source, endpoints))
        {
            return groups;
        }

        groups = _distribute is not null
            ? LocalityGroups.ByDistribution(endpoints, _distribute)
            : LocalityGroups.ByPriority(endpoints, _self, _failover);
        Volatile.Write(ref _groups, groups);
        return groups;
    }
}
