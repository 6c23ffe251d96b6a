using Mesh.Rules.Validation;
using M = Mesh.Rules.Model;
using S = Mesh.Snapshots.Clusters;

namespace Mesh.Rules.Compilation;

/// <summary>Converts destination rule traffic policies into snapshot cluster settings.</summary>
internal static class PolicyConverter
{
    /// <summary>Converts a traffic policy; null stays null.</summary>
    public static S.TrafficPolicy? Convert(M.TrafficPolicy? p) => p is null ? null : new S.TrafficPolicy
    {
        LoadBalancer = p.LoadBalancer is { } lb ? LoadBalancer(lb) : null,
        ConnectionPool = p.ConnectionPool is { } pool ? Pool(pool) : null,
        OutlierDetection = p.OutlierDetection is { } o ? Outlier(o) : null,
        Tls = p.Tls is { } tls ? Tls(tls) : null,
        PortLevelSettings = [.. p.PortLevelSettings.Where(pp => PolicyChecks.IsPort(pp.Port)).Select(Port)],
    };

    private static S.PortTrafficPolicy Port(M.PortTrafficPolicy p) => new()
    {
        Port = int.Parse(p.Port, System.Globalization.CultureInfo.InvariantCulture),
        LoadBalancer = p.LoadBalancer is { } lb ? LoadBalancer(lb) : null,
        ConnectionPool = p.ConnectionPool is { } pool ? Pool(pool) : null,
        OutlierDetection = p.OutlierDetection is { } o ? Outlier(o) : null,
        Tls = p.Tls is { } tls ? Tls(tls) : null,
    };

    /// <summary>
    /// Istio's subset policy merge: each top-level setting the subset gives replaces the cluster's, the others are inherited.
    /// </summary>
    public static S.TrafficPolicy? Merge(S.TrafficPolicy? cluster, S.TrafficPolicy? subset)
    {
        if (subset is null || cluster is null)
        {
            return subset;
        }

        return new S.TrafficPolicy
        {
            LoadBalancer = subset.LoadBalancer ?? cluster.LoadBalancer,
            ConnectionPool = subset.ConnectionPool ?? cluster.ConnectionPool,
            OutlierDetection = subset.OutlierDetection ?? cluster.OutlierDetection,
            Tls = subset.Tls ?? cluster.Tls,
            PortLevelSettings = subset.PortLevelSettings.Count > 0 ? subset.PortLevelSettings : cluster.PortLevelSettings,
        };
    }

    private static S.LoadBalancerSettings LoadBalancer(M.LoadBalancerSettings lb) => new()
    {
        Simple = lb.Simple switch
        {
            M.SimpleLoadBalancer.RoundRobin => S.LoadBalancerKind.RoundRobin,
            M.SimpleLoadBalancer.Random => S.LoadBalancerKind.Random,
            M.SimpleLoadBalancer.Passthrough => S.LoadBalancerKind.Passthrough,
            _ => S.LoadBalancerKind.LeastRequest,
        },
        ConsistentHash = lb.ConsistentHash is { } h ? new S.ConsistentHashSettings
        {
            HttpHeaderName = h.HttpHeaderName,
            HttpCookie = h.HttpCookie is { } c ? new S.HashCookie { Name = c.Name, Path = c.Path, Ttl = c.Ttl } : null,
            UseSourceIp = h.UseSourceIp ?? false,
            HttpQueryParameterName = h.HttpQueryParameterName,
            RingHash = h.RingHash is { } r ? new S.RingHashSettings { MinimumRingSize = (int)Math.Min(r.MinimumRingSize ?? 1024, int.MaxValue) } : null,
            Maglev = h.Maglev is { } m ? new S.MaglevSettings { TableSize = (int)Math.Min(m.TableSize ?? 65537, int.MaxValue) } : null,
        } : null,
        Locality = lb.Locality is { } l ? new S.LocalityLoadBalancing
        {
            Enabled = l.Enabled ?? true,
            Distribute = [.. l.Distribute.Select(d => new S.LocalityDistribute { From = d.From, To = new Dictionary<string, int>(d.To, StringComparer.Ordinal) })],
            Failover = [.. l.Failover.Select(f => new S.LocalityFailover { From = f.From, To = f.To })],
        } : null,
    };

    private static S.ConnectionPoolSettings Pool(M.ConnectionPool p) => new()
    {
        Tcp = p.Tcp is { } t ? new S.TcpPoolSettings { MaxConnections = t.MaxConnections, ConnectTimeout = t.ConnectTimeout, IdleTimeout = t.IdleTimeout } : null,
        Http = p.Http is { } h ? new S.HttpPoolSettings
        {
            Http1MaxPendingRequests = h.Http1MaxPendingRequests,
            Http2MaxRequests = h.Http2MaxRequests,
            MaxRequestsPerConnection = h.MaxRequestsPerConnection,
            IdleTimeout = h.IdleTimeout,
        } : null,
    };

    private static S.OutlierDetection Outlier(M.OutlierDetection o)
    {
        var defaults = new S.OutlierDetection();
        return new S.OutlierDetection
        {
            Consecutive5xxErrors = o.Consecutive5xxErrors ?? defaults.Consecutive5xxErrors,
            ConsecutiveGatewayErrors = o.ConsecutiveGatewayErrors ?? defaults.ConsecutiveGatewayErrors,
            Interval = o.Interval ?? defaults.Interval,
            BaseEjectionTime = o.BaseEjectionTime ?? defaults.BaseEjectionTime,
            MaxEjectionPercent = o.MaxEjectionPercent is { } max ? (int)Math.Round(max) : defaults.MaxEjectionPercent,
            MinHealthPercent = o.MinHealthPercent is { } min ? (int)Math.Round(min) : defaults.MinHealthPercent,
        };
    }

    private static S.ClientTlsSettings Tls(M.ClientTls t) => new()
    {
        Mode = t.Mode switch
        {
            M.ClientTlsMode.Simple => S.TlsMode.Simple,
            M.ClientTlsMode.Mutual => S.TlsMode.Mutual,
            M.ClientTlsMode.MeshMutual => S.TlsMode.MeshMutual,
            _ => S.TlsMode.Disable,
        },
        Sni = t.Sni,
        SubjectAltNames = [.. t.SubjectAltNames],
        ClientCertificate = t.ClientCertificate,
        PrivateKey = t.PrivateKey,
        CaCertificates = t.CaCertificates,
        CredentialName = t.CredentialName,
        InsecureSkipVerify = t.InsecureSkipVerify ?? false,
    };
}
