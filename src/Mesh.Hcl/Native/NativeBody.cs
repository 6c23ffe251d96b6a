using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Structure;

namespace Mesh.Hcl.Native;

/// <summary>A body in native syntax: attributes and blocks as written, decoded against schemas on demand.</summary>
internal sealed class NativeBody : IBody
{
    private readonly HashSet<string> _hiddenAttributes;
    private readonly HashSet<string> _hiddenBlocks;

    public NativeBody(IReadOnlyList<HclAttribute> attributes, IReadOnlyList<HclBlock> blocks, SourceRange range, SourceRange endRange)
        : this(attributes, blocks, range, endRange, [], [])
    {
    }

    private NativeBody(IReadOnlyList<HclAttribute> attributes, IReadOnlyList<HclBlock> blocks, SourceRange range, SourceRange endRange,
        HashSet<string> hiddenAttributes, HashSet<string> hiddenBlocks)
    {
        Attributes = attributes;
        Blocks = blocks;
        Range = range;
        EndRange = endRange;
        _hiddenAttributes = hiddenAttributes;
        _hiddenBlocks = hiddenBlocks;
    }

    public IReadOnlyList<HclAttribute> Attributes { get; }

    public IReadOnlyList<HclBlock> Blocks { get; }

    public SourceRange Range { get; }

    public SourceRange EndRange { get; }

    public SourceRange MissingItemRange => EndRange;

    public BodyContent Content(BodySchema schema, DiagnosticBag diagnostics)
    {
        var content = PartialContent(schema, diagnostics, out var remain);
        var rest = (NativeBody)remain;
        var attributeNames = new List<string>();
        foreach (var a in schema.Attributes)
        {
            attributeNames.Add(a.Name);
        }

        var blockTypes = new List<string>();
        foreach (var b in schema.Blocks)
        {
            blockTypes.Add(b.Type);
        }

        foreach (var attribute in rest.VisibleAttributes())
        {
            var detail = $"An argument named \"{attribute.Name}\" is not expected here.";
            if (blockTypes.Contains(attribute.Name))
            {
                detail += $" Did you mean to define a block of type \"{attribute.Name}\"?";
            }
            else if (DidYouMean.Suggest(attribute.Name, attributeNames) is { } suggestion)
            {
                detail += $" Did you mean \"{suggestion}\"?";
            }

            diagnostics.Error("Unsupported argument", detail, attribute.NameRange);
        }

        foreach (var block in rest.VisibleBlocks())
        {
            var detail = $"Blocks of type \"{block.Type}\" are not expected here.";
            if (attributeNames.Contains(block.Type))
            {
                detail += $" Did you mean to define argument \"{block.Type}\"? If so, use the equals sign to assign it a value.";
            }
            else if (DidYouMean.Suggest(block.Type, blockTypes) is { } suggestion)
            {
                detail += $" Did you mean \"{suggestion}\"?";
            }

            diagnostics.Error("Unsupported block type", detail, block.TypeRange);
        }

        return content;
    }

    public BodyContent PartialContent(BodySchema schema, DiagnosticBag diagnostics, out IBody remain)
    {
        var attributes = new Dictionary<string, HclAttribute>(StringComparer.Ordinal);
        var hiddenAttributes = new HashSet<string>(_hiddenAttributes, StringComparer.Ordinal);
        var hiddenBlocks = new HashSet<string>(_hiddenBlocks, StringComparer.Ordinal);
        foreach (var wanted in schema.Attributes)
        {
            HclAttribute? found = null;
            foreach (var a in VisibleAttributes())
            {
                if (a.Name == wanted.Name)
                {
                    found = a;
                    break;
                }
            }

            if (found is not null)
            {
                attributes[wanted.Name] = found;
            }
            else if (wanted.Required)
            {
                diagnostics.Error("Missing required argument",
                    $"The argument \"{wanted.Name}\" is required, but no definition was found.", MissingItemRange);
            }

            hiddenAttributes.Add(wanted.Name);
        }

        var blocks = new List<HclBlock>();
        foreach (var block in VisibleBlocks())
        {
            BlockHeaderSchema? header = null;
            foreach (var b in schema.Blocks)
            {
                if (b.Type == block.Type)
                {
                    header = b;
                    break;
                }
            }

            if (header is null)
            {
                continue;
            }

            if (CheckLabels(block, header, diagnostics))
            {
                blocks.Add(block);
            }
        }

        foreach (var b in schema.Blocks)
        {
            hiddenBlocks.Add(b.Type);
        }

        remain = new NativeBody(Attributes, Blocks, Range, EndRange, hiddenAttributes, hiddenBlocks);
        return new BodyContent(attributes, blocks, MissingItemRange);
    }

    public IReadOnlyDictionary<string, HclAttribute> JustAttributes(DiagnosticBag diagnostics)
    {
        foreach (var block in VisibleBlocks())
        {
            diagnostics.Error("Unexpected block", $"Blocks are not allowed here; \"{block.Type}\" is a block.", block.TypeRange);
        }

        var result = new Dictionary<string, HclAttribute>(StringComparer.Ordinal);
        foreach (var a in VisibleAttributes())
        {
            result[a.Name] = a;
        }

        return result;
    }

    private IEnumerable<HclAttribute> VisibleAttributes()
    {
        foreach (var a in Attributes)
        {
            if (!_hiddenAttributes.Contains(a.Name))
            {
                yield return a;
            }
        }
    }

    private IEnumerable<HclBlock> VisibleBlocks()
    {
        foreach (var b in Blocks)
        {
            if (!_hiddenBlocks.Contains(b.Type))
            {
                yield return b;
            }
        }
    }

    private static bool CheckLabels(HclBlock block, BlockHeaderSchema header, DiagnosticBag diagnostics)
    {
        var want = header.LabelNames.Count;
        if (block.Labels.Count < want)
        {
            var missing = header.LabelNames[block.Labels.Count];
            diagnostics.Error($"Missing {missing} for {block.Type}",
                $"All {block.Type} blocks must have {want} label(s) ({string.Join(", ", header.LabelNames)}).", block.DefRange);
            return false;
        }

        if (block.Labels.Count > want)
        {
            var detail = want == 0
                ? $"No labels are expected for {block.Type} blocks."
                : $"Only {want} label(s) ({string.Join(", ", header.LabelNames)}) are expected for {block.Type} blocks.";
            diagnostics.Error($"Extraneous label for {block.Type}", detail, block.LabelRanges[want], block.DefRange);
            return false;
        }

        return true;
    }
}
