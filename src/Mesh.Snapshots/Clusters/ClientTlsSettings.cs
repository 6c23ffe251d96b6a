namespace Mesh.Snapshots.Clusters;

/// <summary>TLS towards the upstream.</summary>
public sealed record ClientTlsSettings
{
    /// <summary>The mode.</summary>
    public TlsMode Mode { get; init; } = TlsMode.Disable;

    /// <summary>Server name sent in SNI.</summary>
    public string? Sni { get; init; }

    /// <summary>Identities the server certificate may carry.</summary>
    public IReadOnlyList<string> SubjectAltNames { get; init; } = [];
}
