using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>
/// Locality-aware load balancing in front of another balancer (Istio's <c>locality_lb_setting</c>). With a
/// <c>distribute</c> rule for this proxy's locality, a locality group is drawn by weight among groups with
/// available endpoints; otherwise (failover, which Istio only enables with outlier detection) traffic spills
/// over priority groups as in Envoy: a priority whose available share times the overprovisioning factor 1.4
/// reaches 100 % takes everything, a degraded one keeps its health percentage and the rest goes to the next
/// priorities (see <see cref="PriorityLoad"/>). The inner balancer picks within the chosen group.
/// </summary>
internal sealed class LocalityAwareBalancer : ILoadBalancer
{
    private readonly ILoadBalancer _inner;
    private readonly LocalityName _self;
    private readonly IReadOnlyList<LocalityFailover> _failover;
    private readonly LocalityDistribute? _distribute;
    private readonly ProxyRandom _random;
    private LocalityGroups? _groups;
    private PriorityLoad? _load;

    private LocalityAwareBalancer(ILoadBalancer inner, LocalityName self, IReadOnlyList<LocalityFailover> failover, LocalityDistribute? distribute, ProxyRandom random)
    {
        _inner = inner;
        _self = self;
        _failover = failover;
        _distribute = distribute;
        _random = random;
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> when locality balancing applies: the proxy's locality is known, the setting is
    /// not disabled, and either a distribute rule matches this proxy or outlier detection is configured (failover).
    /// Returns <paramref name="inner"/> unchanged otherwise.
    /// </summary>
    public static ILoadBalancer Wrap(ILoadBalancer inner, ProxyLocality? self, LocalityLoadBalancing? settings, bool outlierDetection, ProxyRandom random)
    {
        if (self is null || self.Name.IsUnknown || settings?.Enabled == false)
        {
            return inner;
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
            return inner;
        }

        return new LocalityAwareBalancer(inner, self.Name, settings?.Failover ?? [], distribute, random);
    }

    /// <inheritdoc />
    public EndpointState? Pick(EndpointState[] endpoints, HttpContext context, EndpointState? exclude)
    {
        var groups = GroupsFor(endpoints);
        if (_distribute is not null)
        {
            return PickWeighted(groups, context, exclude) ?? _inner.Pick(endpoints, context, exclude);
        }

        var load = LoadFor(groups);
        if (load.IsEmpty)
        {
            return null;
        }

        var index = load.Groups.Groups.Length == 1 || load.Loads[0] == 100 ? 0 : load.Select(_random.Next(100));
        return index < 0 ? null : _inner.Pick(load.Groups.Groups[index], context, exclude);
    }

    // Cached per endpoint array and availability version: recomputed only after an ejection, an un-ejection or a
    // catalog update, so the per-request path reads two fields and rolls once.
    private PriorityLoad LoadFor(LocalityGroups groups)
    {
        var version = EndpointState.AvailabilityVersion;
        var load = Volatile.Read(ref _load);
        if (load is not null && ReferenceEquals(load.Groups, groups) && load.Version == version)
        {
            return load;
        }

        load = PriorityLoad.Compute(groups, version);
        Volatile.Write(ref _load, load);
        return load;
    }

    private EndpointState? PickWeighted(LocalityGroups groups, HttpContext context, EndpointState? exclude)
    {
        var total = 0;
        for (var i = 0; i < groups.Groups.Length; i++)
        {
            if (LocalityGroups.AnyAvailable(groups.Groups[i]))
            {
                total += groups.Weights[i];
            }
        }

        if (total <= 0)
        {
            return null;
        }

        var roll = _random.Next(total);
        for (var i = 0; i < groups.Groups.Length; i++)
        {
            if (!LocalityGroups.AnyAvailable(groups.Groups[i]))
            {
                continue;
            }

            roll -= groups.Weights[i];
            if (roll < 0)
            {
                return _inner.Pick(groups.Groups[i], context, exclude);
            }
        }

        return null;
    }

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
