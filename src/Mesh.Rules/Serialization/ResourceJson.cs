using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Json;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;
using Mesh.Rules.Loading.Decoders;
using Mesh.Rules.Model;
using Mesh.Rules.Serialization.Encoders;

namespace Mesh.Rules.Serialization;

/// <summary>
/// The canonical JSON form of a resource, which the controller stores and digests. It is a valid <c>.hcl.json</c>
/// file (<c>{"kind": {"name": {...}}}</c>): object keys sorted, blocks as arrays in model order, durations as Go
/// strings, no source positions. The same resource always gives the same bytes.
/// </summary>
public static class ResourceJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializes a resource.</summary>
    public static string Serialize(Resource resource)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(resource.Kind);
            writer.WriteStartObject();
            writer.WritePropertyName(resource.Name);
            WriteBody(writer, OtherEncoders.WriteAny(resource));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a resource of the given kind back.</summary>
    /// <exception cref="FormatException">The text is not a valid serialized resource of that kind.</exception>
    public static Resource Deserialize(string kind, string json)
    {
        var filename = $"<{kind} json>";
        var file = HclJsonParser.ParseFile(json, filename);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(file.Diagnostics);
        var content = file.Body.Content(new BodySchema([], [new BlockHeaderSchema(kind, ["name"])]), diagnostics);
        Resource? resource = null;
        if (content.Blocks.Count == 1)
        {
            resource = ResourceDecoders.Decode(content.Blocks[0], EvalContext.Empty, diagnostics);
        }
        else if (!diagnostics.HasErrors)
        {
            diagnostics.Error("Expected one resource", $"The JSON must hold exactly one {kind}.", null);
        }

        if (resource is null || diagnostics.HasErrors)
        {
            var problems = string.Join("; ", diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            throw new FormatException($"Invalid {kind} JSON: {(problems.Length > 0 ? problems : "unknown resource kind")}");
        }

        return resource;
    }

    private static void WriteBody(Utf8JsonWriter writer, OutBody body)
    {
        var entries = new SortedDictionary<string, Action>(StringComparer.Ordinal);
        foreach (var (name, value) in body.Attributes)
        {
            entries[name] = () => WriteValue(writer, value);
        }

        foreach (var group in body.Children.GroupBy(b => b.Type))
        {
            entries[group.Key] = () =>
            {
                writer.WriteStartArray();
                foreach (var block in group)
                {
                    if (block.Label is { } label)
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName(label);
                        WriteBody(writer, block.Body);
                        writer.WriteEndObject();
                    }
                    else
                    {
                        WriteBody(writer, block.Body);
                    }
                }

                writer.WriteEndArray();
            };
        }

        writer.WriteStartObject();
        foreach (var (name, write) in entries)
        {
            writer.WritePropertyName(name);
            write();
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, HclValue value)
    {
        switch (value.Kind)
        {
            case HclValueKind.Null:
                writer.WriteNullValue();
                break;
            case HclValueKind.Bool:
                writer.WriteBooleanValue(value.AsBool);
                break;
            case HclValueKind.Number:
                writer.WriteRawValue(value.AsNumber.ToString(), skipInputValidation: false);
                break;
            case HclValueKind.String:
                // JSON strings are templates in HCL's JSON syntax: escape the template introducers.
                writer.WriteStringValue(value.AsString.Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal));
                break;
            case HclValueKind.Tuple or HclValueKind.List:
                writer.WriteStartArray();
                foreach (var e in value.Elements)
                {
                    WriteValue(writer, e);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var (k, v) in value.Attributes)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
