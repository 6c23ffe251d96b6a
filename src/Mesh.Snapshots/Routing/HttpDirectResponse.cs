namespace Mesh.Snapshots.Routing;

/// <summary>Answer with a fixed status and body.</summary>
public sealed record HttpDirectResponse
{
    /// <summary>The status code.</summary>
    public int Status { get; init; } = 200;

    /// <summary>The body, sent as text; null sends none.</summary>
    public string? Body { get; init; }
}
