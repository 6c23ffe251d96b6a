using System.Text;
using Mesh.Hcl.Values;
using Mesh.Rules.Model;
using Mesh.Rules.Serialization.Encoders;

namespace Mesh.Rules.Serialization;

/// <summary>
/// Renders a resource as canonical HCL: attributes sorted by name with aligned equals signs, then child blocks in
/// model order, two-space indentation. Loading the text gives back an equal resource.
/// </summary>
public static class ResourceHclWriter
{
    /// <summary>Renders one resource.</summary>
    public static string Write(Resource resource)
    {
        var sb = new StringBuilder();
        WriteBlock(sb, resource.Kind, resource.Name, OtherEncoders.WriteAny(resource), 0);
        return sb.ToString();
    }

    /// <summary>Renders several resources, separated by blank lines.</summary>
    public static string Write(IEnumerable<Resource> resources) => string.Join("\n", resources.Select(Write));

    private static void WriteBlock(StringBuilder sb, string type, string? label, OutBody body, int depth)
    {
        var indent = new string(' ', depth * 2);
        sb.Append(indent).Append(type);
        if (label is not null)
        {
            sb.Append(' ').Append(HclValue.Quote(label));
        }

        sb.Append(" {\n");
        var attributes = body.SortedAttributes.ToList();
        var width = attributes.Count == 0 ? 0 : attributes.Max(a => a.Key.Length);
        foreach (var (name, value) in attributes)
        {
            sb.Append(indent).Append("  ").Append(name.PadRight(width)).Append(" = ");
            WriteValue(sb, value);
            sb.Append('\n');
        }

        for (var i = 0; i < body.Children.Count; i++)
        {
            if (i > 0 || attributes.Count > 0)
            {
                sb.Append('\n');
            }

            var block = body.Children[i];
            WriteBlock(sb, block.Type, block.Label, block.Body, depth + 1);
        }

        sb.Append(indent).Append("}\n");
    }

    private static void WriteValue(StringBuilder sb, HclValue value)
    {
        if (value.IsSequence)
        {
            sb.Append('[');
            for (var i = 0; i < value.Elements.Length; i++)
            {
                sb.Append(i > 0 ? ", " : "");
                WriteValue(sb, value.Elements[i]);
            }

            sb.Append(']');
        }
        else if (value.IsMapping)
        {
            if (value.Attributes.Count == 0)
            {
                sb.Append("{}");
                return;
            }

            sb.Append("{ ");
            var first = true;
            foreach (var (key, item) in value.Attributes)
            {
                sb.Append(first ? "" : ", ");
                first = false;
                var bare = HclValue.IsIdentifier(key) && !key.Contains('-', StringComparison.Ordinal) && key is not ("true" or "false" or "null");
                sb.Append(bare ? key : HclValue.Quote(key)).Append(" = ");
                WriteValue(sb, item);
            }

            sb.Append(" }");
        }
        else
        {
            sb.Append(value.Kind == HclValueKind.String ? HclValue.Quote(value.AsString) : value.ToString());
        }
    }
}
