using Mesh.Hcl.Diagnostics;

namespace Mesh.Rules.Model;

/// <summary>
/// A named mesh resource: one top-level block such as <c>virtual_service "reviews" { ... }</c>. Equality ignores
/// source positions.
/// </summary>
public abstract record Resource
{
    /// <summary>The HCL block type, such as <c>virtual_service</c> (see <see cref="ResourceKinds"/>).</summary>
    public abstract string Kind { get; }

    /// <summary>The resource name (the block label).</summary>
    public required string Name { get; init; }

    /// <summary>The block header's range, or an empty range for resources not read from a file.</summary>
    public SourceRange DeclRange { get; init; } = new("", SourcePos.Start, SourcePos.Start);

    /// <summary>Where attributes and the label were written.</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;

    /// <summary>Compares kind, name and content, not source positions.</summary>
    public virtual bool Equals(Resource? other)
        => other is not null && EqualityContract == other.EqualityContract && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(EqualityContract, StringComparer.Ordinal.GetHashCode(Name));
}
