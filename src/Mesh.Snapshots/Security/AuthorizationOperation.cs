namespace Mesh.Snapshots.Security;

/// <summary>What a request does. Paths accept <c>*</c> as a prefix or suffix wildcard, as Istio's do.</summary>
public sealed record AuthorizationOperation
{
    /// <summary>Host headers that match.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Host headers that must not match.</summary>
    public IReadOnlyList<string> NotHosts { get; init; } = [];

    /// <summary>Methods that match.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Methods that must not match.</summary>
    public IReadOnlyList<string> NotMethods { get; init; } = [];

    /// <summary>Paths that match.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Paths that must not match.</summary>
    public IReadOnlyList<string> NotPaths { get; init; } = [];

    /// <summary>Destination ports that match.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>Destination ports that must not match.</summary>
    public IReadOnlyList<int> NotPorts { get; init; } = [];
}
