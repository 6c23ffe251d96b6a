namespace Mesh.Snapshots.Routing;

/// <summary>
/// One string condition: at most one of <see cref="Exact"/>, <see cref="Prefix"/> or <see cref="Regex"/>.
/// With none set, the condition only requires the value to be present.
/// </summary>
public sealed record StringMatch
{
    /// <summary>The value must equal this.</summary>
    public string? Exact { get; init; }

    /// <summary>The value must start with this.</summary>
    public string? Prefix { get; init; }

    /// <summary>The whole value must match this regular expression (.NET syntax; RE2 patterns are a subset).</summary>
    public string? Regex { get; init; }
}
