namespace Mesh.Snapshots.Clusters;

/// <summary>Maglev parameters.</summary>
public sealed record MaglevSettings
{
    /// <summary>Table size, a prime (Envoy's default 65537).</summary>
    public int TableSize { get; init; } = 65537;
}
