using System.Collections.Concurrent;
using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;
using Mesh.Rules.Model;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Loading;

/// <summary>
/// Reads one block's body into a model structure. Each structure has one read function; running it once against a
/// recording reader yields the body's schema (so the attribute and block names are written once), then it runs
/// against the decoded content. Problems become diagnostics; getters return null for absent or bad values.
/// </summary>
internal sealed partial class BodyReader
{
    private static readonly ConcurrentDictionary<Type, BodySchema> Schemas = new();

    private readonly List<AttributeSchema>? _recordedAttributes;
    private readonly List<BlockHeaderSchema>? _recordedBlocks;
    private readonly IReadOnlyDictionary<string, HclAttribute> _attributes;
    private readonly IReadOnlyList<HclBlock> _blocks;
    private readonly EvalContext _context;
    private readonly DiagnosticBag _diagnostics;

    private BodyReader(List<AttributeSchema> attributes, List<BlockHeaderSchema> blocks)
    {
        _recordedAttributes = attributes;
        _recordedBlocks = blocks;
        _attributes = new Dictionary<string, HclAttribute>();
        _blocks = [];
        _context = EvalContext.Empty;
        _diagnostics = new DiagnosticBag();
        Label = "";
        Ranges = RangeMap.Empty;
        MissingItemRange = new SourceRange("", SourcePos.Start, SourcePos.Start);
        BlockRange = MissingItemRange;
    }

    private BodyReader(HclBlock block, BodyContent content, EvalContext context, DiagnosticBag diagnostics)
    {
        _attributes = content.Attributes;
        _blocks = content.Blocks;
        _context = context;
        _diagnostics = diagnostics;
        Label = block.Labels.Count > 0 ? block.Labels[0] : "";
        BlockRange = block.DefRange;
        MissingItemRange = content.MissingItemRange;
        var ranges = new Dictionary<string, SourceRange>(StringComparer.Ordinal) { [RangeMap.Block] = block.DefRange };
        if (block.LabelRanges.Count > 0)
        {
            ranges[RangeMap.Label] = block.LabelRanges[0];
        }

        foreach (var (name, attribute) in content.Attributes)
        {
            ranges[name] = attribute.Expression.Range;
        }

        Ranges = new RangeMap(ranges);
    }

    /// <summary>The block's first label, or empty.</summary>
    public string Label { get; }

    /// <summary>The block header's range.</summary>
    public SourceRange BlockRange { get; }

    /// <summary>Where to report something missing from the body.</summary>
    public SourceRange MissingItemRange { get; }

    /// <summary>The ranges of the block, its label and its attributes.</summary>
    public RangeMap Ranges { get; }

    /// <summary>Whether this reader only records the schema.</summary>
    public bool IsRecording => _recordedAttributes is not null;

    /// <summary>The schema of the body a read function reads.</summary>
    public static BodySchema SchemaOf<T>(Func<BodyReader, T> read)
        => Schemas.GetOrAdd(typeof(T), _ =>
        {
            var attributes = new List<AttributeSchema>();
            var blocks = new List<BlockHeaderSchema>();
            read(new BodyReader(attributes, blocks));
            return new BodySchema(attributes, blocks);
        });

    /// <summary>Decodes one block with a read function.</summary>
    public static T Decode<T>(HclBlock block, Func<BodyReader, T> read, EvalContext context, DiagnosticBag diagnostics)
    {
        var local = new DiagnosticBag();
        var content = block.Body.Content(SchemaOf(read), local);
        foreach (var d in local)
        {
            diagnostics.Add(Stamp(d));
        }

        return read(new BodyReader(block, content, context, diagnostics));
    }

    /// <summary>Gives language-level schema findings their rule codes and a suggested fix.</summary>
    public static Diagnostic Stamp(Diagnostic d)
    {
        var code = d.Summary switch
        {
            "Unsupported argument" or "Unsupported block type" => RuleCodes.UnknownItem,
            _ when d.Summary.StartsWith("Missing ", StringComparison.Ordinal) => RuleCodes.MissingItem,
            _ => "",
        };
        if (code.Length == 0 || d.Code.Length > 0)
        {
            return d;
        }

        var suggestion = d.Suggestion;
        var at = d.Detail.IndexOf("Did you mean \"", StringComparison.Ordinal);
        if (at >= 0 && suggestion.Length == 0)
        {
            var start = at + "Did you mean \"".Length;
            var end = d.Detail.IndexOf('"', start);
            suggestion = end > start ? $"Use \"{d.Detail[start..end]}\"." : "";
        }
        else if (code == RuleCodes.UnknownItem && suggestion.Length == 0)
        {
            suggestion = "Remove it, or check the spelling against the documented fields.";
        }
        else if (code == RuleCodes.MissingItem && suggestion.Length == 0)
        {
            suggestion = "Add it.";
        }

        return d with { Code = code, Suggestion = suggestion };
    }

    /// <summary>Evaluates an attribute; null when absent, null-valued or not recording. Keywords are strings when allowed.</summary>
    public HclValue? Value(string name, bool required = false, bool keyword = false)
    {
        if (_recordedAttributes is not null)
        {
            _recordedAttributes.Add(new AttributeSchema(name, required));
            return null;
        }

        if (!_attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }

        if (keyword && attribute.Expression.AsKeyword() is { } word)
        {
            return HclValue.String(word);
        }

        var value = attribute.Expression.Evaluate(_context, _diagnostics);
        return value.IsNull ? null : value;
    }

    /// <summary>The range of an attribute's value, else the body's missing-item range.</summary>
    public SourceRange RangeOf(string name)
        => _attributes.TryGetValue(name, out var a) ? a.Expression.Range : MissingItemRange;

    /// <summary>Reports a value of the wrong type.</summary>
    public void WrongType(string name, string wanted, HclValue? got = null)
    {
        var detail = $"Inappropriate value for attribute \"{name}\": {wanted} is required" + (got is null ? "." : $", but got a {got.KindName}.");
        _diagnostics.Add(new Diagnostic
        {
            Severity = DiagnosticSeverity.Error,
            Summary = "Incorrect attribute value type",
            Detail = detail,
            Subject = RangeOf(name),
            Code = RuleCodes.WrongType,
            Suggestion = $"Give \"{name}\" {wanted}.",
        });
    }

    /// <summary>Reports a finding about an attribute.</summary>
    public void Report(string code, string name, string summary, string detail, string suggestion)
        => _diagnostics.Add(new Diagnostic
        {
            Severity = DiagnosticSeverity.Error,
            Summary = summary,
            Detail = detail,
            Subject = RangeOf(name),
            Code = code,
            Suggestion = suggestion,
        });

    /// <summary>Reads one optional block; a second block of the type is an error.</summary>
    public T? Block<T>(string type, Func<BodyReader, T> read, bool required = false)
        where T : class
    {
        if (_recordedBlocks is not null)
        {
            _recordedBlocks.Add(new BlockHeaderSchema(type));
            return null;
        }

        HclBlock? first = null;
        foreach (var block in _blocks)
        {
            if (block.Type != type)
            {
                continue;
            }

            if (first is not null)
            {
                _diagnostics.Add(new Diagnostic
                {
                    Severity = DiagnosticSeverity.Error,
                    Summary = $"Duplicate {type} block",
                    Detail = $"Only one \"{type}\" block is allowed here; the first one is at {first.DefRange.Filename}:{first.DefRange.Start.Line},{first.DefRange.Start.Column}.",
                    Subject = block.DefRange,
                    Code = RuleCodes.DuplicateBlock,
                    Suggestion = $"Merge the two \"{type}\" blocks.",
                });
                continue;
            }

            first = block;
        }

        if (first is null)
        {
            if (required)
            {
                _diagnostics.Add(new Diagnostic
                {
                    Severity = DiagnosticSeverity.Error,
                    Summary = $"Missing {type} block",
                    Detail = $"A \"{type}\" block is required here.",
                    Subject = MissingItemRange,
                    Code = RuleCodes.MissingItem,
                    Suggestion = $"Add a \"{type}\" block.",
                });
            }

            return null;
        }

        return Decode(first, read, _context, _diagnostics);
    }

    /// <summary>Reads every block of a type, in source order; labelled blocks have one label, a name.</summary>
    public ValueList<T> Blocks<T>(string type, Func<BodyReader, T> read, bool labelled = false)
    {
        if (_recordedBlocks is not null)
        {
            _recordedBlocks.Add(labelled ? new BlockHeaderSchema(type, ["name"]) : new BlockHeaderSchema(type));
            return ValueList<T>.Empty;
        }

        var items = new List<T>();
        foreach (var block in _blocks)
        {
            if (block.Type == type)
            {
                items.Add(Decode(block, read, _context, _diagnostics));
            }
        }

        return new ValueList<T>(items);
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => "\"" + n + "\""));

    private static string? Suggest(string given, IEnumerable<string> names) => DidYouMean.Suggest(given, names);
}
