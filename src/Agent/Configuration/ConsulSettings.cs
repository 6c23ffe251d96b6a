namespace Mesh.Agent.Configuration;

/// <summary>The <c>consul</c> block.</summary>
public sealed class ConsulSettings
{
    /// <summary>The Consul HTTP address.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:8500");

    /// <summary>The datacenter; empty means the agent's own.</summary>
    public string Datacenter { get; set; } = "";

    /// <summary>The ACL token; never logged.</summary>
    public string? Token { get; set; }
}
