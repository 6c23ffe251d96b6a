using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Native;

namespace Mesh.Hcl;

/// <summary>Entry points for HCL's native syntax.</summary>
public static class HclParser
{
    /// <summary>Largest source accepted, in bytes. Rule files are far smaller; the limit keeps a bad input from exhausting memory.</summary>
    public const int MaxSourceBytes = 8 * 1024 * 1024;

    /// <summary>Parses a configuration file given as UTF-8 bytes (a leading byte order mark is ignored).</summary>
    public static HclFile ParseFile(ReadOnlySpan<byte> source, string filename)
    {
        var diagnostics = new DiagnosticBag();
        if (!TryDecode(source, filename, diagnostics, out var text))
        {
            return Empty(filename, text, diagnostics);
        }

        return ParseText(text, filename, diagnostics);
    }

    /// <summary>Parses a configuration file given as text.</summary>
    public static HclFile ParseFile(string source, string filename)
    {
        var diagnostics = new DiagnosticBag();
        if (Encoding.UTF8.GetByteCount(source) > MaxSourceBytes)
        {
            diagnostics.Error("File too large", $"The file is larger than the limit of {MaxSourceBytes} bytes.", new SourceRange(filename, SourcePos.Start, SourcePos.Start));
            return Empty(filename, "", diagnostics);
        }

        return ParseText(source, filename, diagnostics);
    }

    /// <summary>Parses a standalone expression, such as a <c>-var</c> value given on a command line.</summary>
    public static IExpression ParseExpression(string source, string filename, DiagnosticBag diagnostics)
    {
        var text = new SourceText(filename, source);
        var tokens = Scanner.Scan(text, diagnostics);
        var parser = new Parser(tokens, diagnostics);
        var expression = parser.ParseExpressionOnly();
        return expression;
    }

    private static HclFile ParseText(string text, string filename, DiagnosticBag diagnostics)
    {
        var source = new SourceText(filename, text);
        var tokens = Scanner.Scan(source, diagnostics);
        var body = new Parser(tokens, diagnostics).ParseFile();
        return new HclFile(filename, text, body, diagnostics);
    }

    internal static bool TryDecode(ReadOnlySpan<byte> source, string filename, DiagnosticBag diagnostics, out string text)
    {
        text = "";
        if (source.Length > MaxSourceBytes)
        {
            diagnostics.Error("File too large", $"The file is {source.Length} bytes, larger than the limit of {MaxSourceBytes} bytes.",
                new SourceRange(filename, SourcePos.Start, SourcePos.Start));
            return false;
        }

        if (source.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            source = source[3..];
        }

        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(source);
            return true;
        }
        catch (DecoderFallbackException e)
        {
            var at = Math.Max(0, e.Index);
            var prefix = Encoding.UTF8.GetString(source[..Math.Min(at, source.Length)]);
            var line = 1;
            foreach (var c in prefix)
            {
                line += c == '\n' ? 1 : 0;
            }

            var pos = new SourcePos(line, 1, at);
            diagnostics.Error("Invalid character encoding",
                "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
                new SourceRange(filename, pos, pos with { Byte = at + 1 }));
            text = prefix;
            return false;
        }
    }

    private static HclFile Empty(string filename, string text, DiagnosticBag diagnostics)
    {
        var range = new SourceRange(filename, SourcePos.Start, SourcePos.Start);
        return new HclFile(filename, text, new NativeBody([], [], range, range), diagnostics);
    }

    /// <summary>
    /// Parses text as a template (literal text with <c>${...}</c> and <c>%{...}</c> sequences), as the JSON syntax does
    /// for its strings. Positions are reported relative to <paramref name="origin"/>.
    /// </summary>
    public static IExpression ParseTemplate(string source, string filename, SourcePos origin, DiagnosticBag diagnostics)
    {
        var text = new SourceText(filename, source, origin);
        var tokens = Scanner.Scan(text, diagnostics, startInTemplate: true);
        return new Parser(tokens, diagnostics).ParseTemplateOnly();
    }
}
