using System.Globalization;

namespace Mesh.Proxy.Endpoints;

/// <summary>Runtime state of one endpoint of a cluster: in-flight count and outlier-detection counters.</summary>
internal sealed class EndpointState
{
    private int _active;
    private int _consecutive5xx;
    private int _consecutiveGateway;
    private static long s_availabilityVersion;
    private volatile bool _ejected;
    private UpstreamEndpoint _endpoint;

    /// <summary>Creates state for an endpoint.</summary>
    public EndpointState(UpstreamEndpoint endpoint)
    {
        _endpoint = endpoint;
        DestinationPrefix = "http://" + (endpoint.Address.Contains(':', StringComparison.Ordinal) ? "[" + endpoint.Address + "]" : endpoint.Address)
            + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture) + "/";
    }

    /// <summary>
    /// A process-wide counter bumped whenever any endpoint's availability may have changed (ejection, catalog health);
    /// balancers cache availability-derived data keyed by it.
    /// </summary>
    public static long AvailabilityVersion => Volatile.Read(ref s_availabilityVersion);

    /// <summary>The catalog entry (replaced when the catalog reports a change).</summary>
    public UpstreamEndpoint Endpoint
    {
        get => _endpoint;
        set
        {
            var healthChanged = _endpoint.Healthy != value.Healthy;
            _endpoint = value;
            if (healthChanged)
            {
                Interlocked.Increment(ref s_availabilityVersion);
            }
        }
    }

    /// <summary><c>http://address:port/</c>.</summary>
    public string DestinationPrefix { get; }

    /// <summary>Requests in flight to this endpoint.</summary>
    public int ActiveRequests => Volatile.Read(ref _active);

    /// <summary>True while outlier detection keeps the endpoint out of the pool.</summary>
    public bool IsEjected => _ejected;

    /// <summary>When the current ejection may end.</summary>
    public DateTimeOffset EjectedUntil { get; private set; }

    /// <summary>How many times the endpoint was ejected (multiplies the ejection time).</summary>
    public int EjectionCount { get; private set; }

    /// <summary>True when the endpoint can take traffic.</summary>
    public bool IsAvailable => Endpoint.Healthy && !_ejected;

    /// <summary>
    /// True when a balancer may pick the endpoint: when available, or, while its pool is in panic (Envoy's
    /// <c>healthy_panic_threshold</c>), whenever the catalog reports it healthy, ejected or not.
    /// </summary>
    public bool IsSelectable(bool panic) => panic ? Endpoint.Healthy : Endpoint.Healthy && !_ejected;

    /// <summary>Marks a request started.</summary>
    public void Enter() => Interlocked.Increment(ref _active);

    /// <summary>Marks a request finished.</summary>
    public void Exit() => Interlocked.Decrement(ref _active);

    /// <summary>Records a success and returns nothing to eject.</summary>
    public void RecordSuccess()
    {
        Volatile.Write(ref _consecutive5xx, 0);
        Volatile.Write(ref _consecutiveGateway, 0);
    }

    /// <summary>Records a failure, returning the consecutive 5xx and gateway-error counts.</summary>
    public (int Consecutive5xx, int ConsecutiveGateway) RecordFailure(bool gatewayError)
    {
        var fives = Interlocked.Increment(ref _consecutive5xx);
        var gateway = gatewayError ? Interlocked.Increment(ref _consecutiveGateway) : Interlocked.Exchange(ref _consecutiveGateway, 0);
        return (fives, gateway);
    }

    /// <summary>Ejects the endpoint until <paramref name="now"/> plus base time times the ejection count.</summary>
    public void Eject(DateTimeOffset now, TimeSpan baseEjectionTime)
    {
        EjectionCount++;
        EjectedUntil = now + (baseEjectionTime * EjectionCount);
        Volatile.Write(ref _consecutive5xx, 0);
        Volatile.Write(ref _consecutiveGateway, 0);
        _ejected = true;
        Interlocked.Increment(ref s_availabilityVersion);
    }

    /// <summary>Returns the endpoint to the pool.</summary>
    public void Uneject()
    {
        _ejected = false;
        Interlocked.Increment(ref s_availabilityVersion);
    }

    /// <summary>Envoy lowers the multiplier for endpoints that stayed healthy through a sweep.</summary>
    public void DecayEjectionCount()
    {
        if (!_ejected && EjectionCount > 0)
        {
            EjectionCount--;
        }
    }
}
