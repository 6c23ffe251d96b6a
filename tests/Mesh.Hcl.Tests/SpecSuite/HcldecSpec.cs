using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Tests.SpecSuite;

/// <summary>
/// The subset of hcldec's specification language the spec suite uses: literal, object, attr, block, block_list,
/// block_map, and the variables block. Decoding follows hcldec: attributes convert to their type, a missing optional
/// item is null, block_map nests one map level per label.
/// </summary>
internal abstract class HcldecSpec
{
    public abstract HclValue Decode(IBody body, EvalContext context, DiagnosticBag diagnostics, List<Traversal> references);

    public virtual void AddToSchema(List<AttributeSchema> attributes, List<BlockHeaderSchema> blocks)
    {
    }

    public static (HcldecSpec Spec, Dictionary<string, HclValue> Variables) Load(string path)
    {
        var file = HclParser.ParseFile(File.ReadAllBytes(path), path);
        Assert.False(file.Diagnostics.HasErrors, string.Join("\n", file.Diagnostics));
        var diagnostics = new DiagnosticBag();
        var root = (Native.NativeBody)file.Body;
        var variables = new Dictionary<string, HclValue>(StringComparer.Ordinal);
        HcldecSpec? spec = null;
        foreach (var block in root.Blocks)
        {
            if (block.Type == "variables")
            {
                foreach (var (name, attribute) in block.Body.JustAttributes(diagnostics))
                {
                    variables[name] = attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);
                }
            }
            else
            {
                spec = FromBlock(block, null);
            }
        }

        return (spec ?? throw new InvalidOperationException("no spec"), variables);
    }

    private static readonly string[] Kinds = ["literal", "object", "attr", "block", "block_list", "block_map"];

    // Spec blocks take an optional label, which a schema cannot express, so the harness reads the native body directly.
    private static HcldecSpec FromBlock(HclBlock block, string? nameFromParent)
    {
        var diagnostics = new DiagnosticBag();
        var body = (Native.NativeBody)block.Body;
        var attributes = body.Attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        string? Str(string name) => attributes.TryGetValue(name, out var a) ? a.Expression.Evaluate(EvalContext.Empty, diagnostics).AsString : null;
        var name = block.Labels.Count > 0 ? block.Labels[0] : Str("name") ?? nameFromParent;
        switch (block.Type)
        {
            case "literal":
                return new LiteralSpec(attributes["value"].Expression.Evaluate(EvalContext.Empty, diagnostics));
            case "object":
                return new ObjectSpec(body.Blocks.Select(b => (b.Labels.Count > 0 ? b.Labels[0] : null, FromBlock(b, null))).ToList());
            case "attr":
                var type = attributes.TryGetValue("type", out var t) ? TypeConstraint.Parse(t.Expression) : TypeConstraint.Any;
                var required = attributes.TryGetValue("required", out var r) && r.Expression.Evaluate(EvalContext.Empty, diagnostics).AsBool;
                return new AttrSpec(name!, type, required);
            default:
                var blockType = Str("block_type") ?? name!;
                var labels = attributes.TryGetValue("labels", out var l)
                    ? l.Expression.Evaluate(EvalContext.Empty, diagnostics).Elements.Select(e => e.AsString).ToList()
                    : [];
                var nested = body.Blocks.Count > 0 ? FromBlock(body.Blocks[0], null) : new ObjectSpec([]);
                return new BlockSpec(block.Type, blockType, labels, nested);
        }
    }

    private sealed class LiteralSpec(HclValue value) : HcldecSpec
    {
        public override HclValue Decode(IBody body, EvalContext context, DiagnosticBag diagnostics, List<Traversal> references) => value;
    }

    private sealed class AttrSpec(string name, TypeConstraint type, bool required) : HcldecSpec
    {
        public override void AddToSchema(List<AttributeSchema> attributes, List<BlockHeaderSchema> blocks) => attributes.Add(new(name, required));

        public override HclValue Decode(IBody body, EvalContext context, DiagnosticBag diagnostics, List<Traversal> references)
        {
            var content = body.PartialContent(new BodySchema([new(name, required)], []), diagnostics, out _);
            if (!content.Attributes.TryGetValue(name, out var attribute))
            {
                return HclValue.Null;
            }

            references.AddRange(attribute.Expression.Variables());
            var value = attribute.Expression.Evaluate(context, diagnostics);
            return type.Convert(value, attribute.Expression.Range, diagnostics);
        }
    }

    private sealed class ObjectSpec(List<(string? Name, HcldecSpec Spec)> members) : HcldecSpec
    {
        public override HclValue Decode(IBody body, EvalContext context, DiagnosticBag diagnostics, List<Traversal> references)
        {
            var attributes = new List<AttributeSchema>();
            var blocks = new List<BlockHeaderSchema>();
            foreach (var (_, spec) in members)
            {
                spec.AddToSchema(attributes, blocks);
            }

            body.Content(new BodySchema(attributes, blocks), diagnostics);
            var result = new Dictionary<string, HclValue>(StringComparer.Ordinal);
            foreach (var (name, spec) in members)
            {
                result[name!] = spec.Decode(body, context, diagnostics, references);
            }

            return HclValue.Object(result);
        }

        public override void AddToSchema(List<AttributeSchema> attributes, List<BlockHeaderSchema> blocks)
        {
            foreach (var (_, spec) in members)
            {
                spec.AddToSchema(attributes, blocks);
            }
        }
    }

    private sealed class BlockSpec(string kind, string blockType, List<string> labels, HcldecSpec nested) : HcldecSpec
    {
        public override void AddToSchema(List<AttributeSchema> attributes, List<BlockHeaderSchema> blocks)
            => blocks.Add(new BlockHeaderSchema(blockType, labels));

        public override HclValue Decode(IBody body, EvalContext context, DiagnosticBag diagnostics, List<Traversal> references)
        {
            var content = body.PartialContent(new BodySchema([], [new BlockHeaderSchema(blockType, labels)]), diagnostics, out _);
            var found = content.Blocks;
            switch (kind)
            {
                case "block":
                    if (found.Count > 1)
                    {
                        diagnostics.Error($"Duplicate {blockType} block", "Only one block of this type is allowed.", found[1].DefRange);
                    }

                    return found.Count == 0 ? HclValue.Null : nested.Decode(found[0].Body, context, diagnostics, references);
                case "block_list":
                    return HclValue.List(found.Select(b => nested.Decode(b.Body, context, diagnostics, references)).ToList());
                default:
                    var root = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var b in found)
                    {
                        var level = root;
                        for (var i = 0; i < b.Labels.Count - 1; i++)
                        {
                            if (!level.TryGetValue(b.Labels[i], out var next))
                            {
                                level[b.Labels[i]] = next = new Dictionary<string, object>(StringComparer.Ordinal);
                            }

                            level = (Dictionary<string, object>)next;
                        }

                        level[b.Labels[^1]] = nested.Decode(b.Body, context, diagnostics, references);
                    }

                    return ToMap(root);
            }
        }

        private static HclValue ToMap(Dictionary<string, object> level)
            => HclValue.Map(level.Select(kv => KeyValuePair.Create(kv.Key, kv.Value as HclValue ?? ToMap((Dictionary<string, object>)kv.Value))));
    }
}
