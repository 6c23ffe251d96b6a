namespace Mesh.Agent.Configuration;

/// <summary>A <c>service "name" { … }</c> block: a workload on this host that joins the mesh.</summary>
public sealed class LocalServiceOptions
{
    /// <summary>The Consul service name (the block label).</summary>
    public required string Name { get; init; }

    /// <summary>The port the application listens on.</summary>
    public int Port { get; set; }

    /// <summary>The application's address.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The SPIFFE namespace.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Consul tags.</summary>
    public IList<string> Tags { get; } = [];

    /// <summary>Consul service meta (subsets select on it, e.g. <c>version = "v2"</c>).</summary>
    public IDictionary<string, string> Meta { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The mesh inbound (mTLS) port; this is the port Consul advertises. 0 picks a free one.</summary>
    public int InboundPort { get; set; } = 21000;

    /// <summary>The address the inbound listener binds; empty means all interfaces.</summary>
    public string InboundAddress { get; set; } = "";

    /// <summary>The address other hosts dial (registered in Consul); empty means the Consul node's address.</summary>
    public string AdvertiseAddress { get; set; } = "";

    /// <summary>An HTTP health check URL of the application; none means a TTL check the agent keeps passing.</summary>
    public string? CheckHttp { get; set; }

    /// <summary>How often the HTTP check runs.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What the application speaks: <see cref="ListenerProtocol.Tcp"/> makes the inbound listener terminate mTLS and
    /// pipe bytes to the application, authorizing on connection attributes only.
    /// </summary>
    public ListenerProtocol Protocol { get; set; } = ListenerProtocol.Http;

    /// <summary>Services this one calls, each on a local port.</summary>
    public IList<UpstreamOptions> Upstreams { get; } = [];
}
