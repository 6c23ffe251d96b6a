namespace Mesh.Agent.Configuration;

/// <summary>The <c>nomad</c> block.</summary>
public sealed class NomadSettings
{
    /// <summary>Whether to mesh this node's opted-in Nomad tasks.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Nomad HTTP address.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:4646");

    /// <summary>The Nomad client node whose allocations are meshed; null asks the local Nomad agent (<c>/v1/agent/self</c>).</summary>
    public string? NodeId { get; set; }

    /// <summary>The Nomad ACL token; never logged.</summary>
    public string? Token { get; set; }
}
