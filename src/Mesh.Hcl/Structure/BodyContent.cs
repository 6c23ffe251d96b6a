using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Structure;

/// <summary>What a body holds, as decoded against a schema.</summary>
public sealed class BodyContent
{
    /// <summary>Creates the content.</summary>
    public BodyContent(IReadOnlyDictionary<string, HclAttribute> attributes, IReadOnlyList<HclBlock> blocks, SourceRange missingItemRange)
    {
        Attributes = attributes;
        Blocks = blocks;
        MissingItemRange = missingItemRange;
    }

    /// <summary>The attributes present, by name.</summary>
    public IReadOnlyDictionary<string, HclAttribute> Attributes { get; }

    /// <summary>The blocks present, in source order.</summary>
    public IReadOnlyList<HclBlock> Blocks { get; }

    /// <summary>Where to report something missing.</summary>
    public SourceRange MissingItemRange { get; }
}
