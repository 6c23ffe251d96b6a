using Mesh.Proxy.Endpoints;
using Mesh.Snapshots.Clusters;

namespace Mesh.Proxy.Health;

/// <summary>
/// Envoy-style passive health checking for one cluster: consecutive 5xx or gateway errors eject an
/// endpoint for base_ejection_time × times ejected, capped by max_ejection_percent; a sweep every
/// interval returns endpoints whose ejection ended.
/// </summary>
/// <remarks>
/// <c>min_health_percent</c> (Istio): detection stays enabled only while at least that share of the pool is
/// healthy. An ejection that would take the pool below it does not happen, and when the pool falls below it
/// some other way (instances leaving the catalog), the sweep returns every ejected endpoint so traffic spreads
/// over the whole pool again.
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

        if (BelowMinimumHealth(endpoints, extraEjections: 0))
        {
            for (var i = 0; i < endpoints.Length; i++)
            {
                if (endpoints[i].IsEjected)
                {
                    endpoints[i].Uneject();
                }
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

        if (BelowMinimumHealth(endpoints, extraEjections: 1))
        {
            return false;
        }

        // Envoy always allows one ejection, whatever the percentage.
        return ejected == 0 || (ejected + 1) * 100 <= _settings.MaxEjectionPercent * endpoints.Length;
    }

    private bool BelowMinimumHealth(EndpointState[] endpoints, int extraEjections)
    {
        if (_settings.MinHealthPercent <= 0 || endpoints.Length == 0)
        {
            return false;
        }

        var available = -extraEjections;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].IsAvailable)
            {
                available++;
            }
        }

        return available * 100 < _settings.MinHealthPercent * endpoints.Length;
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();
}
