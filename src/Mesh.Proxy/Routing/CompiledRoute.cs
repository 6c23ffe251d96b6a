using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Routing;

/// <summary>An <see cref="HttpRoute"/> compiled once: matchers, cumulative weights, parsed retry conditions.</summary>
internal sealed class CompiledRoute
{
    private readonly RouteMatcher[] _matchers;
    private readonly int[] _cumulativeWeights;

    /// <summary>Compiles the route.</summary>
    public CompiledRoute(HttpRoute route)
    {
        Source = route;
        _matchers = new RouteMatcher[route.Match.Count];
        for (var i = 0; i < _matchers.Length; i++)
        {
            _matchers[i] = new RouteMatcher(route.Match[i]);
        }

        Destinations = new RouteDestination[route.Route.Count];
        _cumulativeWeights = new int[route.Route.Count];
        var total = 0;
        for (var i = 0; i < Destinations.Length; i++)
        {
            Destinations[i] = route.Route[i];
            // Istio: a single destination gets all traffic whatever its weight.
            total += route.Route.Count == 1 ? 1 : Math.Max(0, route.Route[i].Weight);
            _cumulativeWeights[i] = total;
        }

        TotalWeight = total;
        if (route.Rewrite?.UriRegexRewrite is { } regexRewrite)
        {
            UriRegexRewrite = new System.Text.RegularExpressions.Regex(regexRewrite.Match, System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
        }

        Retry = route.Retries is { } retries ? new CompiledRetry(retries) : CompiledRetry.IstioDefault;
        Cors = route.Cors is { } cors ? new CompiledCors(cors) : null;
        RequestConfig = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = ActivityTimeout(route.Timeout, route.Retries?.PerTryTimeout) };
    }

    /// <summary>YARP's per-request settings for this route, built once (it is immutable) rather than per request.</summary>
    public Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig RequestConfig { get; }

    /// <summary>The route as the controller compiled it.</summary>
    public HttpRoute Source { get; }

    /// <summary>The route's name, or <c>"default"</c>.</summary>
    public string Name => Source.Name ?? "default";

    /// <summary>Weighted destinations in declaration order.</summary>
    public RouteDestination[] Destinations { get; }

    /// <summary>Sum of the destination weights.</summary>
    public int TotalWeight { get; }

    /// <summary>The compiled <c>uri_regex_rewrite</c> pattern, if any.</summary>
    public System.Text.RegularExpressions.Regex? UriRegexRewrite { get; }

    /// <summary>The compiled retry policy (Istio's default when the route sets none).</summary>
    public CompiledRetry Retry { get; }

    /// <summary>Parsed <c>retry_on</c> conditions.</summary>
    public RetryConditions RetryOn => Retry.Conditions;

    /// <summary>The compiled CORS policy, if any.</summary>
    public CompiledCors? Cors { get; }

    /// <summary>Returns the matcher that accepted the request (null for a route without matches) or false.</summary>
    public bool TryMatch(HttpRequest request, int port, out RouteMatcher? matched)
    {
        matched = null;
        if (_matchers.Length == 0)
        {
            return true;
        }

        for (var i = 0; i < _matchers.Length; i++)
        {
            if (_matchers[i].IsMatch(request, port))
            {
                matched = _matchers[i];
                return true;
            }
        }

        return false;
    }

    /// <summary>Picks a destination for a roll in [0, <see cref="TotalWeight"/>).</summary>
    public RouteDestination? PickDestination(int roll)
    {
        for (var i = 0; i < _cumulativeWeights.Length; i++)
        {
            if (roll < _cumulativeWeights[i])
            {
                return Destinations[i];
            }
        }

        return null;
    }

    // YARP's idle timeout must not cut a request the route allows to run longer: the longest of 100 s (YARP's default),
    // the route timeout and the per-try timeout.
    private static TimeSpan ActivityTimeout(TimeSpan? routeTimeout, TimeSpan? perTry)
    {
        var longest = TimeSpan.FromSeconds(100);
        if (routeTimeout is { } t && t > longest)
        {
            longest = t;
        }

        if (perTry is { } p && p > longest)
        {
            longest = p;
        }

        return longest;
    }
}
