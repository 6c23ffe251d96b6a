using System.Globalization;
using Mesh.Hcl.Native;

namespace Mesh.Hcl.Formatting;

/// <summary>A token being formatted: its kind, its (normalised) text and the number of spaces written before it.</summary>
internal sealed class FormatToken(TokenKind kind, string text)
{
    public TokenKind Kind { get; } = kind;

    public string Text { get; } = text;

    public int SpacesBefore { get; set; }

    /// <summary>Whether this is a <c>#</c> or <c>//</c> comment (which runs to the end of its line).</summary>
    public bool IsLineComment => Kind == TokenKind.Comment && !Text.StartsWith("/*", StringComparison.Ordinal);

    /// <summary>How much a token changes the bracket nesting, as hclwrite counts it.</summary>
    public int BracketChange => Kind switch
    {
        TokenKind.OBrace or TokenKind.OBrack or TokenKind.OParen or TokenKind.TemplateInterp or TokenKind.TemplateControl => 1,
        TokenKind.CBrace or TokenKind.CBrack or TokenKind.CParen or TokenKind.TemplateSeqEnd => -1,
        _ => 0,
    };

    /// <summary>The width of the token in grapheme clusters.</summary>
    public int Columns => new StringInfo(Text).LengthInTextElements;

    public static FormatToken From(Token token)
    {
        var text = token.Kind switch
        {
            TokenKind.Newline => "\n",
            TokenKind.Comment when token.Span.StartsWith("/*") => token.Text.Replace("\r\n", "\n", StringComparison.Ordinal),
            TokenKind.Comment => token.Text.TrimEnd(' ', '\t', '\r'),
            _ => token.Text.Replace("\r\n", "\n", StringComparison.Ordinal),
        };
        return new FormatToken(token.Kind, text);
    }

    public override string ToString() => $"{Kind} {Text}";
}
