using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>Reads <c>destination_rule</c> blocks and their traffic policies.</summary>
internal static class DestinationRuleDecoder
{
    public static DestinationRule Read(BodyReader r) => new()
    {
        Name = r.Label,
        DeclRange = r.BlockRange,
        Ranges = r.Ranges,
        Host = r.String("host", required: true) ?? "",
        ExportTo = r.Strings("export_to"),
        TrafficPolicy = r.Block("traffic_policy", ReadPolicy),
        Subsets = r.Blocks("subset", ReadSubset, labelled: true),
    };

    private static Subset ReadSubset(BodyReader r) => new()
    {
        Name = r.Label,
        Labels = r.StringMap("labels"),
        TrafficPolicy = r.Block("traffic_policy", ReadPolicy),
        Ranges = r.Ranges,
    };

    private static TrafficPolicy ReadPolicy(BodyReader r) => new()
    {
        LoadBalancer = r.Block("load_balancer", ReadLoadBalancer),
        ConnectionPool = r.Block("connection_pool", ReadPool),
        OutlierDetection = r.Block("outlier_detection", ReadOutlier),
        Tls = r.Block("tls", ReadTls),
        PortLevelSettings = r.Blocks("port_level_settings", ReadPortPolicy, labelled: true),
        Ranges = r.Ranges,
    };

    private static PortTrafficPolicy ReadPortPolicy(BodyReader r) => new()
    {
        Port = r.Label,
        LoadBalancer = r.Block("load_balancer", ReadLoadBalancer),
        ConnectionPool = r.Block("connection_pool", ReadPool),
        OutlierDetection = r.Block("outlier_detection", ReadOutlier),
        Tls = r.Block("tls", ReadTls),
        Ranges = r.Ranges,
    };

    private static LoadBalancerSettings ReadLoadBalancer(BodyReader r) => new()
    {
        Simple = r.Enum<SimpleLoadBalancer>("simple"),
        WarmupDuration = r.Duration("warmup_duration"),
        ConsistentHash = r.Block("consistent_hash", ReadHash),
        Locality = r.Block("locality", ReadLocality),
        Ranges = r.Ranges,
    };

    private static ConsistentHash ReadHash(BodyReader r) => new()
    {
        HttpHeaderName = r.String("http_header_name"),
        UseSourceIp = r.Bool("use_source_ip"),
        HttpQueryParameterName = r.String("http_query_parameter_name"),
        HttpCookie = r.Block("http_cookie", c => new HttpCookie
        {
            Name = c.String("name", required: true) ?? "",
            Path = c.String("path"),
            Ttl = c.Duration("ttl"),
            Ranges = c.Ranges,
        }),
        RingHash = r.Block("ring_hash", c => new RingHash { MinimumRingSize = c.Long("minimum_ring_size"), Ranges = c.Ranges }),
        Maglev = r.Block("maglev", c => new Maglev { TableSize = c.Long("table_size"), Ranges = c.Ranges }),
        Ranges = r.Ranges,
    };

    private static LocalityLbSetting ReadLocality(BodyReader r) => new()
    {
        Enabled = r.Bool("enabled"),
        FailoverPriority = r.Strings("failover_priority"),
        Distribute = r.Blocks("distribute", c => new LocalityDistribute
        {
            From = c.String("from", required: true) ?? "",
            To = c.IntMap("to", required: true),
            Ranges = c.Ranges,
        }),
        Failover = r.Blocks("failover", c => new LocalityFailover
        {
            From = c.String("from", required: true) ?? "",
            To = c.String("to", required: true) ?? "",
            Ranges = c.Ranges,
        }),
        Ranges = r.Ranges,
    };

    private static ConnectionPool ReadPool(BodyReader r) => new()
    {
        Tcp = r.Block("tcp", c => new TcpPoolSettings
        {
            MaxConnections = c.Int("max_connections"),
            ConnectTimeout = c.Duration("connect_timeout"),
            IdleTimeout = c.Duration("idle_timeout"),
            MaxConnectionDuration = c.Duration("max_connection_duration"),
            Ranges = c.Ranges,
        }),
        Http = r.Block("http", c => new HttpPoolSettings
        {
            Http1MaxPendingRequests = c.Int("http1_max_pending_requests"),
            Http2MaxRequests = c.Int("http2_max_requests"),
            MaxRequestsPerConnection = c.Int("max_requests_per_connection"),
            MaxRetries = c.Int("max_retries"),
            IdleTimeout = c.Duration("idle_timeout"),
            H2UpgradePolicy = c.Enum<H2UpgradePolicy>("h2_upgrade_policy"),
            UseClientProtocol = c.Bool("use_client_protocol"),
            MaxConcurrentStreams = c.Int("max_concurrent_streams"),
            Ranges = c.Ranges,
        }),
        Ranges = r.Ranges,
    };

    private static OutlierDetection ReadOutlier(BodyReader r) => new()
    {
        Consecutive5xxErrors = r.Int("consecutive_5xx_errors"),
        ConsecutiveGatewayErrors = r.Int("consecutive_gateway_errors"),
        ConsecutiveLocalOriginFailures = r.Int("consecutive_local_origin_failures"),
        SplitExternalLocalOriginErrors = r.Bool("split_external_local_origin_errors"),
        Interval = r.Duration("interval"),
        BaseEjectionTime = r.Duration("base_ejection_time"),
        MaxEjectionPercent = r.Number("max_ejection_percent"),
        MinHealthPercent = r.Number("min_health_percent"),
        Ranges = r.Ranges,
    };

    private static ClientTls ReadTls(BodyReader r) => new()
    {
        Mode = r.Enum<ClientTlsMode>("mode"),
        ClientCertificate = r.String("client_certificate"),
        PrivateKey = r.String("private_key"),
        CaCertificates = r.String("ca_certificates"),
        CredentialName = r.String("credential_name"),
        SubjectAltNames = r.Strings("subject_alt_names"),
        Sni = r.String("sni"),
        InsecureSkipVerify = r.Bool("insecure_skip_verify"),
        Ranges = r.Ranges,
    };
}
