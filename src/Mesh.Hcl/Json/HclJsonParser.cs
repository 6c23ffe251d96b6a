using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native;

namespace Mesh.Hcl.Json;

/// <summary>
/// Entry points for HCL's JSON syntax (<c>.hcl.json</c> files), as specified by HashiCorp: a JSON object whose
/// properties become attributes or blocks according to the schema the body is later decoded with.
/// </summary>
public static class HclJsonParser
{
    /// <summary>Parses a JSON configuration file given as UTF-8 bytes (a leading byte order mark is ignored).</summary>
    /// <param name="source">The file content; invalid UTF-8 is reported, not replaced.</param>
    /// <param name="filename">The file name, for source ranges.</param>
    /// <returns>The file; its body is usable for best-effort analysis even when <see cref="HclFile.Diagnostics"/> has errors.</returns>
    public static HclFile ParseFile(ReadOnlySpan<byte> source, string filename)
    {
        var diagnostics = new DiagnosticBag();
        if (!HclParser.TryDecode(source, filename, diagnostics, out var text))
        {
            return Empty(filename, text, diagnostics);
        }

        return ParseText(text, filename, diagnostics);
    }

    /// <summary>Parses a JSON configuration file given as text.</summary>
    /// <param name="source">The file content.</param>
    /// <param name="filename">The file name, for source ranges.</param>
    /// <returns>The file; its body is usable for best-effort analysis even when <see cref="HclFile.Diagnostics"/> has errors.</returns>
    public static HclFile ParseFile(string source, string filename)
    {
        var diagnostics = new DiagnosticBag();
        var bytes = Encoding.UTF8.GetByteCount(source);
        if (bytes > HclParser.MaxSourceBytes)
        {
            diagnostics.Error("File too large", $"The file is {bytes} bytes, larger than the limit of {HclParser.MaxSourceBytes} bytes.",
                new SourceRange(filename, SourcePos.Start, SourcePos.Start));
            return Empty(filename, "", diagnostics);
        }

        return ParseText(source, filename, diagnostics);
    }

    private static HclFile ParseText(string text, string filename, DiagnosticBag diagnostics)
    {
        var source = new SourceText(filename, text);
        var root = new JsonParser(source, diagnostics).ParseDocument();
        if (root is null)
        {
            return Empty(filename, text, diagnostics);
        }

        if (!IsObjectOrArrayOfObjects(root))
        {
            diagnostics.Error("Root value must be object",
                "The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.", root.Range);
            var end = source.Range(text.Length, text.Length);
            return new HclFile(filename, text, new JsonBody(new JsonObjectNode([], end, end, end)), diagnostics);
        }

        return new HclFile(filename, text, new JsonBody(root), diagnostics);
    }

    private static bool IsObjectOrArrayOfObjects(JsonNode node)
    {
        if (node is JsonObjectNode)
        {
            return true;
        }

        if (node is not JsonArrayNode array)
        {
            return false;
        }

        foreach (var item in array.Items)
        {
            if (item is not (JsonObjectNode or JsonInvalidNode))
            {
                return false;
            }
        }

        return true;
    }

    private static HclFile Empty(string filename, string text, DiagnosticBag diagnostics)
    {
        var range = new SourceRange(filename, SourcePos.Start, SourcePos.Start);
        return new HclFile(filename, text, new JsonBody(new JsonObjectNode([], range, range, range)), diagnostics);
    }
}
