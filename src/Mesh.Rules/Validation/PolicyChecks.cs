using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>Checks within destination rules, gateways and service entries.</summary>
internal static class PolicyChecks
{
    public static void Check(DestinationRule dr, Findings f)
    {
        var what = Findings.Describe(dr);
        RouteChecks.CheckDuplicates(dr, dr.Subsets.Select(s => (s.Name, s.Ranges)), "subset", f);
        CheckPolicy(dr, dr.TrafficPolicy, null, $"In {what}", f);
        foreach (var subset in dr.Subsets)
        {
            CheckPolicy(dr, subset.TrafficPolicy, dr.TrafficPolicy, $"In {what}, subset \"{subset.Name}\"", f);
        }
    }

    private static void CheckPolicy(DestinationRule dr, TrafficPolicy? policy, TrafficPolicy? parent, string where, Findings f)
    {
        if (policy is null)
        {
            return;
        }

        if (policy.LoadBalancer is { } lb)
        {
            Numbers.Duration(dr, lb.Ranges, "warmup_duration", lb.WarmupDuration, where, f);
            Numbers.Duration(dr, lb.ConsistentHash?.HttpCookie?.Ranges ?? RangeMap.Empty, "ttl", lb.ConsistentHash?.HttpCookie?.Ttl, where, f);
            if (lb.Locality is { Failover.Count: > 0 } locality && policy.OutlierDetection is null && parent?.OutlierDetection is null)
            {
                f.Warning(RuleCodes.FailoverWithoutOutlier, "Locality failover without outlier detection",
                    $"{where} configures locality failover but no outlier detection; without outlier detection unhealthy instances are never ejected, so traffic never fails over.",
                    locality.Failover[0].Ranges.BlockRange ?? locality.Ranges.BlockRange ?? dr.DeclRange,
                    "Add an outlier_detection block to the same traffic_policy.");
            }
        }

        if (policy.ConnectionPool is { } pool)
        {
            if (pool.Tcp is { } tcp)
            {
                Numbers.Duration(dr, tcp.Ranges, "connect_timeout", tcp.ConnectTimeout, where, f);
                Numbers.Duration(dr, tcp.Ranges, "idle_timeout", tcp.IdleTimeout, where, f);
                Numbers.Duration(dr, tcp.Ranges, "max_connection_duration", tcp.MaxConnectionDuration, where, f);
            }

            if (pool.Http is { } http)
            {
                Numbers.Duration(dr, http.Ranges, "idle_timeout", http.IdleTimeout, where, f);
            }
        }

        if (policy.OutlierDetection is { } o)
        {
            Numbers.Duration(dr, o.Ranges, "interval", o.Interval, where, f);
            Numbers.Duration(dr, o.Ranges, "base_ejection_time", o.BaseEjectionTime, where, f);
            Numbers.Percentage(dr, o.Ranges, "max_ejection_percent", o.MaxEjectionPercent, where, f);
            Numbers.Percentage(dr, o.Ranges, "min_health_percent", o.MinHealthPercent, where, f);
        }
    }

    public static void Check(Gateway gw, Findings f)
    {
        foreach (var server in gw.Servers)
        {
            Numbers.Port(gw, server.Ranges, "port", server.Port, $"In {Findings.Describe(gw)}", f);
        }
    }

    public static void Check(ServiceEntry se, Findings f)
    {
        var where = $"In {Findings.Describe(se)}";
        RouteChecks.CheckDuplicates(se, se.Ports.Select(p => (p.Name, p.Ranges)), "port", f);
        foreach (var port in se.Ports)
        {
            Numbers.Port(se, port.Ranges, "number", port.Number, where, f);
            Numbers.Port(se, port.Ranges, "target_port", port.TargetPort, where, f);
        }

        if (se.Resolution == ServiceResolution.Static && se.Endpoints.Count == 0)
        {
            f.Error(RuleCodes.MissingItem, "Static resolution without endpoints",
                $"{where}, resolution = \"static\" needs at least one endpoint block: there is nothing to dial.",
                Findings.At(se, se.Ranges, "resolution"), "Add endpoint { address = \"10.0.0.5\" } blocks, or use resolution = \"dns\".");
        }

        foreach (var endpoint in se.Endpoints)
        {
            foreach (var (name, number) in endpoint.Ports)
            {
                Numbers.Port(se, endpoint.Ranges, "ports", number, $"{where}, endpoint \"{endpoint.Address}\" port \"{name}\"", f);
            }
        }
    }
}
