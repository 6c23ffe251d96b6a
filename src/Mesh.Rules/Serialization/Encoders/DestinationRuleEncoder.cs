using Mesh.Rules.Model;

namespace Mesh.Rules.Serialization.Encoders;

/// <summary>Writes destination rules.</summary>
internal static class DestinationRuleEncoder
{
    public static OutBody Write(DestinationRule d) => new OutBody()
        .Attr("host", d.Host)
        .List("export_to", d.ExportTo)
        .Block("traffic_policy", d.TrafficPolicy, WritePolicy)
        .Blocks("subset", d.Subsets, s => new OutBody()
            .Map("labels", s.Labels)
            .Block("traffic_policy", s.TrafficPolicy, WritePolicy), s => s.Name);

    private static OutBody WritePolicy(TrafficPolicy p) => WriteSettings(p.LoadBalancer, p.ConnectionPool, p.OutlierDetection, p.Tls)
        .Blocks("port_level_settings", p.PortLevelSettings, pp => WriteSettings(pp.LoadBalancer, pp.ConnectionPool, pp.OutlierDetection, pp.Tls), pp => pp.Port);

    private static OutBody WriteSettings(LoadBalancerSettings? loadBalancer, ConnectionPool? pool, OutlierDetection? outlier, ClientTls? tls) => new OutBody()
        .Block("load_balancer", loadBalancer, WriteLoadBalancer)
        .Block("connection_pool", pool, c => new OutBody()
            .Block("tcp", c.Tcp, t => new OutBody()
                .Attr("max_connections", t.MaxConnections)
                .Attr("connect_timeout", t.ConnectTimeout)
                .Attr("idle_timeout", t.IdleTimeout)
                .Attr("max_connection_duration", t.MaxConnectionDuration))
            .Block("http", c.Http, h => new OutBody()
                .Attr("http1_max_pending_requests", h.Http1MaxPendingRequests)
                .Attr("http2_max_requests", h.Http2MaxRequests)
                .Attr("max_requests_per_connection", h.MaxRequestsPerConnection)
                .Attr("max_retries", h.MaxRetries)
                .Attr("idle_timeout", h.IdleTimeout)
                .Enum("h2_upgrade_policy", h.H2UpgradePolicy)
                .Attr("use_client_protocol", h.UseClientProtocol)
                .Attr("max_concurrent_streams", h.MaxConcurrentStreams)))
        .Block("outlier_detection", outlier, o => new OutBody()
            .Attr("consecutive_5xx_errors", o.Consecutive5xxErrors)
            .Attr("consecutive_gateway_errors", o.ConsecutiveGatewayErrors)
            .Attr("consecutive_local_origin_failures", o.ConsecutiveLocalOriginFailures)
            .Attr("split_external_local_origin_errors", o.SplitExternalLocalOriginErrors)
            .Attr("interval", o.Interval)
            .Attr("base_ejection_time", o.BaseEjectionTime)
            .Attr("max_ejection_percent", o.MaxEjectionPercent)
            .Attr("min_health_percent", o.MinHealthPercent))
        .Block("tls", tls, t => new OutBody()
            .Enum("mode", t.Mode)
            .Attr("client_certificate", t.ClientCertificate)
            .Attr("private_key", t.PrivateKey)
            .Attr("ca_certificates", t.CaCertificates)
            .Attr("credential_name", t.CredentialName)
            .List("subject_alt_names", t.SubjectAltNames)
            .Attr("sni", t.Sni)
            .Attr("insecure_skip_verify", t.InsecureSkipVerify));

    private static OutBody WriteLoadBalancer(LoadBalancerSettings l) => new OutBody()
        .Enum("simple", l.Simple)
        .Attr("warmup_duration", l.WarmupDuration)
        .Block("consistent_hash", l.ConsistentHash, h => new OutBody()
            .Attr("http_header_name", h.HttpHeaderName)
            .Attr("use_source_ip", h.UseSourceIp)
            .Attr("http_query_parameter_name", h.HttpQueryParameterName)
            .Block("http_cookie", h.HttpCookie, c => new OutBody().Attr("name", c.Name).Attr("path", c.Path).Attr("ttl", c.Ttl))
            .Block("ring_hash", h.RingHash, r => new OutBody().Attr("minimum_ring_size", r.MinimumRingSize))
            .Block("maglev", h.Maglev, m => new OutBody().Attr("table_size", m.TableSize)))
        .Block("locality", l.Locality, x => new OutBody()
            .Attr("enabled", x.Enabled)
            .List("failover_priority", x.FailoverPriority)
            .Blocks("distribute", x.Distribute, d => new OutBody().Attr("from", d.From).Map("to", d.To))
            .Blocks("failover", x.Failover, f => new OutBody().Attr("from", f.From).Attr("to", f.To)));
}
