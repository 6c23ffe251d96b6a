namespace Mesh.Consul;

/// <summary>Where and how to reach the Consul HTTP API.</summary>
public sealed class ConsulClientOptions
{
    /// <summary>The agent's base address; defaults to <c>http://127.0.0.1:8500</c>. The <c>/v1/</c> prefix is added by the client.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:8500");

    /// <summary>The ACL token sent as <c>X-Consul-Token</c>; none when <see langword="null"/> or empty.</summary>
    public string? Token { get; set; }

    /// <summary>The datacenter sent as <c>?dc=</c>; the agent's own when <see langword="null"/>.</summary>
    public string? Datacenter { get; set; }
}
