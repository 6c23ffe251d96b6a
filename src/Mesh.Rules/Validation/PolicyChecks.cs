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

        TlsChecks.Check(dr, policy.Tls, where, f);
        CheckPortLevel(dr, policy, where, f);
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

    private static void CheckPortLevel(DestinationRule dr, TrafficPolicy policy, string where, Findings f)
    {
        RouteChecks.CheckDuplicates(dr, policy.PortLevelSettings.Select(p => (p.Port, p.Ranges)), "port_level_settings", f);
        foreach (var port in policy.PortLevelSettings)
        {
            if (!IsPort(port.Port))
            {
                f.Error(RuleCodes.BadNumber, "Bad port in port_level_settings",
                    $"{where}, port_level_settings has the label \"{port.Port}\", which is not a port number from 1 to 65535.",
                    Findings.LabelOf(dr, port.Ranges), "Use the destination's port number as the label, such as port_level_settings \"9080\" { ... }.");
            }

            // The port's settings are checked like a traffic policy of their own (durations, percentages, TLS).
            var settings = new TrafficPolicy
            {
                LoadBalancer = port.LoadBalancer,
                ConnectionPool = port.ConnectionPool,
                OutlierDetection = port.OutlierDetection,
                Tls = port.Tls,
                Ranges = port.Ranges,
            };
            CheckPolicy(dr, settings, policy, $"{where}, port_level_settings \"{port.Port}\"", f);
        }
    }

    /// <summary>Whether a port_level_settings label is a port number the compiler can use.</summary>
    internal static bool IsPort(string label) =>
        int.TryParse(label, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;

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
