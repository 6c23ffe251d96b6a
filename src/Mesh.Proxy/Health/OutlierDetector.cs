using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Health;

/// <summary>
/// Envoy-style passive health checking for one cluster: consecutive 5xx or gateway errors eject an
/// endpoint for base_ejection_time × times ejected, capped by max_ejection_percent; a sweep every
/// interval returns endpoints whose ejection ended.
/// </summary>
/// <remarks>
/// <c>min_health_percent</c> does not limit ejections: as in Envoy, where Istio maps it to
/// <c>healthy_panic_threshold</c>, the load balancer applies it, sending traffic to ejected endpoints too while
/// the pool is below it (<see cref="Balancing.PanicAwareBalancer"/>, <see cref="Balancing.PriorityLoad"/>).
/// </remarks>
internal sealed class OutlierDetector : IDisposable
{
    private readonly OutlierDetection _settings;
    private readonly TimeProvider _time;
    private readonly Func<EndpointState[]> _endpoints;
    private readonly ITimer _timer;

    /// <summary>Starts the sweep timer.</summary>
    public OutlierDetector(OutlierDetection settings, TimeProvider time, Func<EndpointState[]> endpoints)
    {
        _settings = settings;
        _time = time;
        _endpoints = endpoints;
        var interval = settings.Interval > TimeSpan.Zero ? settings.Interval : TimeSpan.FromSeconds(10);
        _timer = time.CreateTimer(static state => ((OutlierDetector)state!).Sweep(), this, interval, interval);
    }

    /// <summary>Records the outcome of one request to an endpoint (status 0 = connection failure); true when it ejected the endpoint.</summary>
    public bool Report(EndpointState endpoint, int status)
    {
        var gatewayError = status is 0 or 502 or 503 or 504;
        if (status < 500 && status != 0)
        {
            endpoint.RecordSuccess();
            return false;
        }

        var (fives, gateway) = endpoint.RecordFailure(gatewayError);
        var trip = (_settings.Consecutive5xxErrors > 0 && fives >= _settings.Consecutive5xxErrors)
            || (_settings.ConsecutiveGatewayErrors > 0 && gateway >= _settings.ConsecutiveGatewayErrors);
        if (trip && !endpoint.IsEjected && MayEject())
        {
            endpoint.Eject(_time.GetUtcNow(), _settings.BaseEjectionTime);
            return true;
        }

        return false;
    }

    /// <summary>Returns endpoints whose ejection ended; decays multipliers of healthy ones.</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        var endpoints = _endpoints();
        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[i];
            if (endpoint.IsEjected)
            {
                if (now >= endpoint.EjectedUntil)
                {
                    endpoint.Uneject();
                }
            }
            else
            {
                endpoint.DecayEjectionCount();
            }
        }
    }

    private bool MayEject()
    {
        var endpoints = _endpoints();
        var ejected = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].IsEjected)
            {
                ejected++;
            }
        }

        // Envoy always allows one ejection, whatever the percentage.
        return ejected == 0 || (ejected + 1) * 100 <= _settings.MaxEjectionPercent * endpoints.Length;
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();
}
