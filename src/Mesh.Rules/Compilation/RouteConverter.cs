using System.Globalization;
using M = Mesh.Rules.Model;
using S = Mesh.Snapshots.Routing;

namespace Mesh.Rules.Compilation;

/// <summary>Converts virtual service routes of the rule model into snapshot routes.</summary>
internal static class RouteConverter
{
    /// <summary>Istio's retry conditions when a route sets none.</summary>
    public static readonly IReadOnlyList<string> DefaultRetryOn = ["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"];

    /// <summary>Istio's retry attempts when a route sets none.</summary>
    public const int DefaultAttempts = 2;

    /// <summary>Istio's default retry policy.</summary>
    public static S.RetryPolicy DefaultRetries { get; } = new() { Attempts = DefaultAttempts, RetryOn = DefaultRetryOn };

    /// <summary>The route a host without a virtual service gets: everything to its own cluster.</summary>
    public static S.HttpRoute DefaultRoute(string host) => new()
    {
        Name = "default",
        Route = [new S.RouteDestination { Host = host }],
        Retries = DefaultRetries,
    };

    /// <summary>
    /// Converts an HTTP route for one gateway context (<c>mesh</c> or a gateway name); null when none of its matches
    /// apply there. <paramref name="authority"/>, when given, is added to every match (gateway virtual hosts).
    /// </summary>
    public static S.HttpRoute? Http(M.HttpRoute route, string gateway, S.StringMatch? authority, CompileContext ctx, ISet<string> referenced)
    {
        var matches = new List<S.HttpMatch>();
        foreach (var m in route.Match)
        {
            if (m.Gateways.Count > 0 && !m.Gateways.Any(g => HostNames.GatewayName(g) == gateway))
            {
                continue;
            }

            matches.Add(Match(m, authority));
        }

        if (route.Match.Count > 0 && matches.Count == 0)
        {
            return null;
        }

        if (matches.Count == 0 && authority is not null)
        {
            matches.Add(new S.HttpMatch { Authority = authority });
        }

        var destinations = Destinations(route.Route.Select(d => (d.Destination, d.Subset, d.Port, d.Weight, d.Headers)), ctx, referenced);
        return new S.HttpRoute
        {
            Name = route.Name.Length == 0 ? null : route.Name,
            Match = matches,
            Route = destinations,
            Redirect = route.Redirect is { } r
                ? new S.HttpRedirect { Uri = r.Uri, Authority = r.Authority, Port = r.Port, Scheme = r.Scheme, RedirectCode = r.RedirectCode ?? 301 }
                : null,
            Rewrite = route.Rewrite is { } w ? new S.HttpRewrite { Uri = w.Uri, Authority = w.Authority } : null,
            Timeout = route.Timeout,
            Retries = destinations.Count == 0 ? null : Retries(route.Retries),
            Fault = route.Fault is { } f ? Fault(f) : null,
            Mirror = route.Mirror is { } mirror ? Mirror(mirror, ctx, referenced) : null,
            Headers = Headers(route.Headers),
            Cors = route.Cors is { } c ? Cors(c) : null,
        };
    }

    /// <summary>Converts a TCP route for one gateway context; null when none of its matches apply there.</summary>
    public static S.TcpRoute? Tcp(M.TcpRoute route, string gateway, CompileContext ctx, ISet<string> referenced)
    {
        var applicable = route.Match.Where(m => m.Gateways.Count == 0 || m.Gateways.Any(g => HostNames.GatewayName(g) == gateway)).ToList();
        if (route.Match.Count > 0 && applicable.Count == 0)
        {
            return null;
        }

        var ports = applicable.Any(m => m.Port is null)
            ? []
            : applicable.Select(m => m.Port!.Value).Distinct().Order().ToList();
        return new S.TcpRoute
        {
            Name = route.Name.Length == 0 ? null : route.Name,
            Ports = ports,
            Route = Destinations(route.Route.Select(d => (d.Destination, d.Subset, d.Port, d.Weight, (M.HeaderOperations?)null)), ctx, referenced),
        };
    }

    private static List<S.RouteDestination> Destinations(
        IEnumerable<(string Host, string? Subset, int? Port, int? Weight, M.HeaderOperations? Headers)> source,
        CompileContext ctx,
        ISet<string> referenced)
    {
        var list = source.ToList();
        var allUnset = list.All(d => d.Weight is null);
        var result = new List<S.RouteDestination>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var d = list[i];
            var host = HostNames.Canonical(d.Host);
            referenced.Add(host);
            // Istio: one destination takes everything; several without weights share evenly; a missing weight among set ones is 0.
            var weight = list.Count == 1 ? 100
                : allUnset ? (100 / list.Count) + (i < 100 % list.Count ? 1 : 0)
                : d.Weight ?? 0;
            result.Add(new S.RouteDestination { Host = host, Subset = d.Subset, Port = d.Port, Weight = weight, Headers = Headers(d.Headers) });
        }

        return result;
    }

    private static S.HttpMatch Match(M.HttpMatch m, S.StringMatch? authority) => new()
    {
        Name = m.Name,
        Uri = String(m.Uri),
        Scheme = String(m.Scheme),
        Method = String(m.Method),
        Authority = String(m.Authority) ?? authority,
        Headers = Strings(m.Headers),
        WithoutHeaders = Strings(m.WithoutHeaders),
        QueryParams = Strings(m.QueryParams),
        Port = m.Port,
        IgnoreUriCase = m.IgnoreUriCase ?? false,
    };

    private static S.StringMatch? String(M.StringMatch? m) => m?.MatchKind switch
    {
        null => null,
        M.StringMatchKind.Exact => new S.StringMatch { Exact = m.Value },
        M.StringMatchKind.Prefix => new S.StringMatch { Prefix = m.Value },
        _ => new S.StringMatch { Regex = m.Value },
    };

    private static Dictionary<string, S.StringMatch> Strings(M.ValueDictionary<M.StringMatch> source)
    {
        // ValueDictionary enumerates in ordinal key order, so the output order is stable.
        var result = new Dictionary<string, S.StringMatch>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            result[key] = String(value)!;
        }

        return result;
    }

    private static S.RetryPolicy Retries(M.HttpRetry? retry)
    {
        if (retry is null)
        {
            return DefaultRetries;
        }

        return new S.RetryPolicy
        {
            Attempts = retry.Attempts ?? DefaultAttempts,
            PerTryTimeout = retry.PerTryTimeout,
            RetryOn = retry.RetryOn.Count == 0 ? DefaultRetryOn : [.. retry.RetryOn],
        };
    }

    private static S.FaultInjection Fault(M.HttpFault f) => new()
    {
        Delay = f.Delay is { } d ? new S.DelayFault { Fixed = d.Fixed ?? TimeSpan.Zero, Percentage = d.Percentage ?? 100 } : null,
        Abort = f.Abort is { } a
            ? new S.AbortFault { HttpStatus = a.HttpStatus, GrpcStatus = GrpcStatus(a.GrpcStatus), Percentage = a.Percentage ?? 100 }
            : null,
    };

    private static S.MirrorPolicy Mirror(M.HttpMirror m, CompileContext ctx, ISet<string> referenced)
    {
        var host = HostNames.Canonical(m.Destination);
        referenced.Add(host);
        return new S.MirrorPolicy
        {
            Destination = new S.RouteDestination { Host = host, Subset = m.Subset, Port = m.Port },
            Percentage = m.Percentage ?? 100,
        };
    }

    private static S.HeaderOperations? Headers(M.HeaderOperations? h) => h is null ? null : new S.HeaderOperations
    {
        Request = Mutation(h.Request),
        Response = Mutation(h.Response),
    };

    private static S.HeaderMutation? Mutation(M.HeaderOperation? o) => o is null ? null : new S.HeaderMutation
    {
        Set = new Dictionary<string, string>(o.Set, StringComparer.Ordinal),
        Add = new Dictionary<string, string>(o.Add, StringComparer.Ordinal),
        Remove = [.. o.Remove],
    };

    private static S.CorsPolicy Cors(M.CorsPolicy c) => new()
    {
        AllowOrigins = [.. c.AllowOrigins.Select(o => new S.StringMatch { Exact = o }), .. c.AllowOriginRegexes.Select(o => new S.StringMatch { Regex = o })],
        AllowMethods = [.. c.AllowMethods],
        AllowHeaders = [.. c.AllowHeaders],
        ExposeHeaders = [.. c.ExposeHeaders],
        MaxAge = c.MaxAge,
        AllowCredentials = c.AllowCredentials ?? false,
    };

    private static readonly string[] GrpcCodes =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
        "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>A gRPC status given as a name (<c>UNAVAILABLE</c>) or a number.</summary>
    private static int? GrpcStatus(string? status)
    {
        if (status is null)
        {
            return null;
        }

        if (int.TryParse(status, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return code;
        }

        var index = Array.FindIndex(GrpcCodes, c => string.Equals(c, status, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : null;
    }
}
