namespace Mesh.Agent.Configuration;

/// <summary>The <c>tls { min_version = "1.3" }</c> block: the protocol versions every mTLS connection of the agent accepts.</summary>
public sealed class TlsSettings
{
    /// <summary>The lowest TLS version, <c>"1.3"</c> (default) or <c>"1.2"</c>.</summary>
    public string MinVersion { get; set; } = "1.3";
}
