namespace Mesh.Hcl.Structure;

/// <summary>The attributes and block types a body may contain.</summary>
/// <param name="Attributes">The attributes.</param>
/// <param name="Blocks">The block types.</param>
public sealed record BodySchema(IReadOnlyList<AttributeSchema> Attributes, IReadOnlyList<BlockHeaderSchema> Blocks)
{
    /// <summary>A schema that allows nothing.</summary>
    public static BodySchema Empty { get; } = new([], []);
}

/// <summary>One attribute a body may contain.</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Required">Whether it must be present.</param>
public sealed record AttributeSchema(string Name, bool Required = false);

/// <summary>One block type a body may contain, and the names of its labels.</summary>
/// <param name="Type">The block type.</param>
/// <param name="LabelNames">The labels the block must have, by name (for messages).</param>
public sealed record BlockHeaderSchema(string Type, IReadOnlyList<string> LabelNames)
{
    /// <summary>A block type without labels.</summary>
    public BlockHeaderSchema(string type)
        : this(type, [])
    {
    }
}
