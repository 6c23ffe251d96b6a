using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Structure;

namespace Mesh.Hcl.Json;

/// <summary>
/// A body in JSON syntax. JSON cannot tell an attribute from a block by itself, so the schema decides: a property
/// named as an attribute is an attribute; a property named as a block type holds one level of nested objects per
/// label, ending in an object (one block) or an array of objects (several blocks). A property named <c>//</c> is a
/// comment and is ignored. A body may also be an array of objects, whose properties are merged in order.
/// </summary>
internal sealed class JsonBody : IBody
{
    /// <summary>The name of the comment property.</summary>
    public const string CommentProperty = "//";

    private readonly JsonNode _value;
    private readonly HashSet<string> _hidden;

    public JsonBody(JsonNode value)
        : this(value, new HashSet<string>(StringComparer.Ordinal))
    {
    }

    private JsonBody(JsonNode value, HashSet<string> hidden)
    {
        _value = value;
        _hidden = hidden;
    }

    public SourceRange MissingItemRange => _value switch
    {
        JsonObjectNode o => o.CloseRange,
        JsonArrayNode a => a.CloseRange,
        _ => _value.Range,
    };

    public BodyContent Content(BodySchema schema, DiagnosticBag diagnostics)
    {
        var content = PartialContent(schema, diagnostics, out var remain);
        var candidates = new List<string>();
        foreach (var a in schema.Attributes)
        {
            candidates.Add(a.Name);
        }

        foreach (var b in schema.Blocks)
        {
            candidates.Add(b.Type);
        }

        // The value-type problems were reported by PartialContent already, so collect quietly here.
        foreach (var property in ((JsonBody)remain).VisibleProperties(new DiagnosticBag()))
        {
            var detail = $"An argument named \"{property.Name}\" is not expected here.";
            if (DidYouMean.Suggest(property.Name, candidates) is { } suggestion)
            {
                detail += $" Did you mean \"{suggestion}\"?";
            }

            diagnostics.Error("Unsupported argument", detail, property.NameRange);
        }

        return content;
    }

    public BodyContent PartialContent(BodySchema schema, DiagnosticBag diagnostics, out IBody remain)
    {
        var attributeSchemas = new Dictionary<string, AttributeSchema>(StringComparer.Ordinal);
        foreach (var a in schema.Attributes)
        {
            attributeSchemas[a.Name] = a;
        }

        var blockSchemas = new Dictionary<string, BlockHeaderSchema>(StringComparer.Ordinal);
        foreach (var b in schema.Blocks)
        {
            blockSchemas[b.Type] = b;
        }

        var attributes = new Dictionary<string, HclAttribute>(StringComparer.Ordinal);
        var blocks = new List<HclBlock>();
        foreach (var property in VisibleProperties(diagnostics))
        {
            if (attributeSchemas.ContainsKey(property.Name))
            {
                AddAttribute(attributes, property, diagnostics);
            }
            else if (blockSchemas.TryGetValue(property.Name, out var header))
            {
                UnpackBlock(property.Value, header, property.NameRange, [], [], blocks, diagnostics);
            }
        }

        foreach (var a in schema.Attributes)
        {
            if (a.Required && !attributes.ContainsKey(a.Name))
            {
                diagnostics.Error("Missing required argument",
                    $"The argument \"{a.Name}\" is required, but no definition was found.", MissingItemRange);
            }
        }

        var hidden = new HashSet<string>(_hidden, StringComparer.Ordinal);
        hidden.UnionWith(attributeSchemas.Keys);
        hidden.UnionWith(blockSchemas.Keys);
        remain = new JsonBody(_value, hidden);
        return new BodyContent(attributes, blocks, MissingItemRange);
    }

    public IReadOnlyDictionary<string, HclAttribute> JustAttributes(DiagnosticBag diagnostics)
    {
        var attributes = new Dictionary<string, HclAttribute>(StringComparer.Ordinal);
        foreach (var property in VisibleProperties(diagnostics))
        {
            AddAttribute(attributes, property, diagnostics);
        }

        return attributes;
    }

    private static void AddAttribute(Dictionary<string, HclAttribute> attributes, JsonProperty property, DiagnosticBag diagnostics)
    {
        if (attributes.TryGetValue(property.Name, out var existing))
        {
            var at = existing.NameRange;
            diagnostics.Error("Duplicate argument",
                $"The argument \"{property.Name}\" was already set at {at.Filename}:{at.Start.Line},{at.Start.Column}. Each argument may be set only once.",
                property.NameRange);
            return;
        }

        attributes[property.Name] = new HclAttribute(property.Name, new JsonExpression(property.Value), property.Range, property.NameRange);
    }

    private IEnumerable<JsonProperty> VisibleProperties(DiagnosticBag diagnostics)
    {
        var all = new List<JsonProperty>();
        CollectProperties(_value, null, all, diagnostics);
        foreach (var property in all)
        {
            if (property.Name != CommentProperty && !_hidden.Contains(property.Name))
            {
                yield return property;
            }
        }
    }

    /// <summary>The properties of an object, or of every object in an array (recursively), in source order.</summary>
    private static void CollectProperties(JsonNode node, string? labelName, List<JsonProperty> into, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case JsonObjectNode o:
                into.AddRange(o.Properties);
                break;
            case JsonArrayNode a:
                foreach (var item in a.Items)
                {
                    CollectProperties(item, labelName, into, diagnostics);
                }

                break;
            case JsonInvalidNode:
                break;
            default:
                var detail = labelName is null
                    ? "A JSON object is required here, to define arguments and child blocks."
                    : $"A JSON object is required here, to specify {labelName} labels for this block.";
                diagnostics.Error("Incorrect JSON value type", detail, node.Range);
                break;
        }
    }

    private static void UnpackBlock(JsonNode node, BlockHeaderSchema header, SourceRange typeRange, List<string> labels,
        List<SourceRange> labelRanges, List<HclBlock> blocks, DiagnosticBag diagnostics)
    {
        if (labels.Count < header.LabelNames.Count)
        {
            var labelName = header.LabelNames[labels.Count];
            var properties = new List<JsonProperty>();
            CollectProperties(node, labelName, properties, diagnostics);
            if (properties.Count == 0 && node is JsonObjectNode or JsonArrayNode)
            {
                diagnostics.Error("Missing block label",
                    $"At least one object property is required, whose name represents the {header.Type} block's {labelName}.", node.Range);
            }

            foreach (var property in properties)
            {
                UnpackBlock(property.Value, header, typeRange, [.. labels, property.Name], [.. labelRanges, property.NameRange], blocks, diagnostics);
            }

            return;
        }

        switch (node)
        {
            case JsonObjectNode o:
                blocks.Add(Block(header, typeRange, labels, labelRanges, o));
                break;
            case JsonArrayNode a:
                foreach (var item in a.Items)
                {
                    blocks.Add(Block(header, typeRange, labels, labelRanges, item));
                }

                break;
            case JsonInvalidNode:
                break;
            default:
                diagnostics.Error("Incorrect JSON value type",
                    $"Either a JSON object or a JSON array is required, representing the contents of one or more \"{header.Type}\" blocks.",
                    node.Range);
                break;
        }
    }

    private static HclBlock Block(BlockHeaderSchema header, SourceRange typeRange, List<string> labels, List<SourceRange> labelRanges, JsonNode body)
    {
        var defRange = body is JsonObjectNode o && o.OpenRange.Filename == typeRange.Filename
            ? SourceRange.Between(typeRange, o.OpenRange)
            : typeRange;
        return new HclBlock(header.Type, labels, new JsonBody(body), defRange, typeRange, labelRanges);
    }
}
