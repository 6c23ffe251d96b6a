using System.Globalization;
using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native.Nodes;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native;

/// <summary>Quoted strings, heredocs and the template language inside them.</summary>
internal sealed partial class Parser
{
    private enum ItemKind
    {
        Literal,
        Interpolation,
        If,
        Else,
        EndIf,
        For,
        EndFor,
    }

    private sealed class TemplateItem
    {
        public ItemKind Kind { get; init; }

        public string Text { get; set; } = "";

        public bool LineStart { get; init; }

        public Expr? Expression { get; init; }

        public string? KeyVar { get; init; }

        public string? ValueVar { get; init; }

        public bool StripLeft { get; init; }

        public bool StripRight { get; init; }

        public SourceRange Range { get; init; }
    }

    private Expr ParseTemplateTerm()
    {
        var open = Read();
        var heredoc = open.Kind == TokenKind.OHeredoc;
        return ParseTemplateBody(open, heredoc ? TokenKind.CHeredoc : TokenKind.CQuote, heredoc,
            flush: heredoc && open.Text.StartsWith("<<-", StringComparison.Ordinal), allowWrap: !heredoc);
    }

    /// <summary>Parses a whole token stream as one template (the strings of the JSON syntax).</summary>
    public Expr ParseTemplateOnly()
    {
        CheckInvalidTokens();
        var start = Peek();
        return ParseTemplateBody(start, TokenKind.Eof, rawLiterals: true, flush: false, allowWrap: true);
    }

    private Expr ParseTemplateBody(Token open, TokenKind closeKind, bool rawLiterals, bool flush, bool allowWrap)
    {
        var heredoc = rawLiterals;
        PushNewlines(true);
        var items = new List<TemplateItem>();
        var lineStart = true;
        Token close;
        while (true)
        {
            var next = Peek();
            if (next.Kind == closeKind)
            {
                close = Read();
                break;
            }

            if (next.Kind is TokenKind.QuotedLit or TokenKind.StringLit)
            {
                Read();
                var text = heredoc ? UnescapeTemplateMarkers(next.Text) : DecodeQuoted(next);
                items.Add(new TemplateItem { Kind = ItemKind.Literal, Text = text, LineStart = heredoc && lineStart, Range = next.Range });
                lineStart = next.Text.EndsWith('\n');
                continue;
            }

            if (next.Kind == TokenKind.QuotedNewline)
            {
                Read();
                items.Add(new TemplateItem { Kind = ItemKind.Literal, Text = "\n", Range = next.Range });
                continue;
            }

            if (next.Kind is TokenKind.TemplateInterp or TokenKind.TemplateControl)
            {
                if (heredoc && lineStart)
                {
                    items.Add(new TemplateItem { Kind = ItemKind.Literal, Text = "", LineStart = true, Range = next.Range.StartOnly });
                }

                lineStart = false;
                var item = ParseTemplateSequence();
                if (item is null)
                {
                    close = Recover(closeKind);
                    break;
                }

                items.Add(item);
                continue;
            }

            if (!_recovery)
            {
                _diagnostics.Error("Unterminated template string", "No closing marker was found for the string.", open.Range,
                    SourceRange.Between(open.Range, next.Range));
            }

            SetRecovery();
            close = next.Kind == TokenKind.Eof ? next : Recover(closeKind);
            break;
        }

        PopNewlines();
        var range = SourceRange.Between(open.Range, close.Range);
        if (flush)
        {
            Flush(items);
        }

        ApplyStripMarkers(items);
        if (allowWrap && items.Count == 1 && items[0].Kind == ItemKind.Interpolation)
        {
            return new TemplateWrapExpr(items[0].Expression!, range);
        }

        var position = 0;
        var parts = BuildTemplate(items, ref position, null, range);
        if (parts.Count == 0)
        {
            return new LiteralExpr(HclValue.String(""), range);
        }

        if (parts.Count == 1 && parts[0] is LiteralExpr { Value.Kind: HclValueKind.String } single)
        {
            return new LiteralExpr(single.Value, range);
        }

        return new TemplateExpr(parts, range);
    }

    private TemplateItem? ParseTemplateSequence()
    {
        var open = Read();
        var stripLeft = open.Text.EndsWith('~');
        PushNewlines(false);
        try
        {
            if (open.Kind == TokenKind.TemplateInterp)
            {
                var expr = ParseExpression();
                var end = Peek();
                if (end.Kind != TokenKind.TemplateSeqEnd)
                {
                    if (!_recovery)
                    {
                        _diagnostics.Error("Extra characters after interpolation expression",
                            "Expected a closing brace to end the interpolation expression, but found extra characters.", end.Range,
                            SourceRange.Between(open.Range, end.Range));
                    }

                    SetRecovery();
                    return null;
                }

                Read();
                return new TemplateItem
                {
                    Kind = ItemKind.Interpolation, Expression = expr, StripLeft = stripLeft, StripRight = end.Text.StartsWith('~'),
                    Range = SourceRange.Between(open.Range, end.Range),
                };
            }

            var keyword = Peek();
            if (keyword.Kind != TokenKind.Ident)
            {
                return DirectiveError(open, keyword, "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of a %{ sequence.");
            }

            Read();
            Expr? condition = null;
            string? keyVar = null;
            string? valueVar = null;
            ItemKind kind;
            switch (keyword.Text)
            {
                case "if":
                    kind = ItemKind.If;
                    condition = ParseExpression();
                    break;
                case "else":
                    kind = ItemKind.Else;
                    break;
                case "endif":
                    kind = ItemKind.EndIf;
                    break;
                case "endfor":
                    kind = ItemKind.EndFor;
                    break;
                case "for":
                    kind = ItemKind.For;
                    var first = Peek();
                    if (first.Kind != TokenKind.Ident)
                    {
                        return DirectiveError(open, first, "A 'for' directive requires a variable name after 'for'.");
                    }

                    Read();
                    valueVar = first.Text;
                    if (Peek().Kind == TokenKind.Comma)
                    {
                        Read();
                        var second = Peek();
                        if (second.Kind != TokenKind.Ident)
                        {
                            return DirectiveError(open, second, "A second variable name is required after the comma.");
                        }

                        Read();
                        keyVar = first.Text;
                        valueVar = second.Text;
                    }

                    var inKeyword = Peek();
                    if (inKeyword.Kind != TokenKind.Ident || inKeyword.Text != "in")
                    {
                        return DirectiveError(open, inKeyword, "The 'in' keyword is expected after the 'for' variable names.");
                    }

                    Read();
                    condition = ParseExpression();
                    break;
                default:
                    return DirectiveError(open, keyword, $"\"{keyword.Text}\" is not a valid template directive; expected \"if\", \"else\", \"endif\", \"for\" or \"endfor\".");
            }

            var close = Peek();
            if (close.Kind != TokenKind.TemplateSeqEnd)
            {
                return DirectiveError(open, close, $"Extra characters after the '{keyword.Text}' directive; expected a closing brace.");
            }

            Read();
            return new TemplateItem
            {
                Kind = kind, Expression = condition, KeyVar = keyVar, ValueVar = valueVar, StripLeft = stripLeft,
                StripRight = close.Text.StartsWith('~'), Range = SourceRange.Between(open.Range, close.Range),
            };
        }
        finally
        {
            PopNewlines();
        }
    }

    private TemplateItem? DirectiveError(Token open, Token at, string detail)
    {
        if (!_recovery)
        {
            _diagnostics.Error("Invalid template directive", detail, at.Range, SourceRange.Between(open.Range, at.Range));
        }

        SetRecovery();
        return null;
    }

    private List<Expr> BuildTemplate(List<TemplateItem> items, ref int position, ItemKind? until, SourceRange range)
    {
        var parts = new List<Expr>();
        var literal = new StringBuilder();
        SourceRange? literalRange = null;
        void FlushLiteral()
        {
            if (literalRange is { } r && literal.Length > 0)
            {
                parts.Add(new LiteralExpr(HclValue.String(literal.ToString()), r));
            }

            literal.Clear();
            literalRange = null;
        }

        while (position < items.Count)
        {
            var item = items[position];
            switch (item.Kind)
            {
                case ItemKind.Literal:
                    literal.Append(item.Text);
                    literalRange = literalRange is { } lr ? SourceRange.Between(lr, item.Range) : item.Range;
                    position++;
                    continue;
                case ItemKind.Interpolation:
                    FlushLiteral();
                    parts.Add(item.Expression!);
                    position++;
                    continue;
                case ItemKind.If:
                    FlushLiteral();
                    position++;
                    var whenTrue = BuildTemplate(items, ref position, ItemKind.Else, item.Range);
                    List<Expr>? whenFalse = null;
                    if (position < items.Count && items[position].Kind == ItemKind.Else)
                    {
                        position++;
                        whenFalse = BuildTemplate(items, ref position, ItemKind.EndIf, item.Range);
                    }

                    var endIf = ExpectEnd(items, ref position, ItemKind.EndIf, "if", item);
                    var ifRange = SourceRange.Between(item.Range, endIf);
                    parts.Add(new TemplateIfExpr(item.Expression!, new TemplateExpr(whenTrue, ifRange),
                        whenFalse is null ? null : new TemplateExpr(whenFalse, ifRange), ifRange));
                    continue;
                case ItemKind.For:
                    FlushLiteral();
                    position++;
                    var body = BuildTemplate(items, ref position, ItemKind.EndFor, item.Range);
                    var endFor = ExpectEnd(items, ref position, ItemKind.EndFor, "for", item);
                    var forRange = SourceRange.Between(item.Range, endFor);
                    parts.Add(new TemplateForExpr(item.KeyVar, item.ValueVar!, item.Expression!, new TemplateExpr(body, forRange), forRange));
                    continue;
                default:
                    if (item.Kind == until || (until == ItemKind.Else && item.Kind == ItemKind.EndIf))
                    {
                        FlushLiteral();
                        return parts;
                    }

                    _diagnostics.Error("Unexpected template directive",
                        $"The \"{DirectiveName(item.Kind)}\" directive has no matching opening directive.", item.Range, range);
                    position++;
                    continue;
            }
        }

        FlushLiteral();
        return parts;
    }

    private SourceRange ExpectEnd(List<TemplateItem> items, ref int position, ItemKind end, string opener, TemplateItem openItem)
    {
        if (position < items.Count && items[position].Kind == end)
        {
            return items[position++].Range;
        }

        _diagnostics.Error("Unterminated template directive",
            $"The \"{opener}\" directive has no matching \"{DirectiveName(end)}\" before the end of the template.", openItem.Range);
        return openItem.Range;
    }

    private static string DirectiveName(ItemKind kind) => kind switch
    {
        ItemKind.Else => "else",
        ItemKind.EndIf => "endif",
        ItemKind.EndFor => "endfor",
        ItemKind.For => "for",
        _ => "if",
    };

    // "<<-" heredocs lose the indentation common to all their non-empty lines.
    private static void Flush(List<TemplateItem> items)
    {
        var minimum = int.MaxValue;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!item.LineStart || item.Kind != ItemKind.Literal)
            {
                continue;
            }

            var followedBySequence = item.Text.Length == 0 || !item.Text.EndsWith('\n');
            if (item.Text == "\n" || item.Text == "\r\n")
            {
                continue;
            }

            var indent = LeadingSpace(item.Text);
            if (indent == item.Text.Length && !followedBySequence)
            {
                continue;
            }

            minimum = Math.Min(minimum, indent);
        }

        if (minimum is int.MaxValue or 0)
        {
            return;
        }

        foreach (var item in items)
        {
            if (item.LineStart && item.Kind == ItemKind.Literal)
            {
                var remove = Math.Min(minimum, LeadingSpace(item.Text));
                item.Text = item.Text[remove..];
            }
        }
    }

    private static int LeadingSpace(string text)
    {
        var n = 0;
        while (n < text.Length && text[n] is not '\n' and not '\r' && char.IsWhiteSpace(text[n]))
        {
            n++;
        }

        return n;
    }

    private static void ApplyStripMarkers(List<TemplateItem> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Kind == ItemKind.Literal)
            {
                continue;
            }

            if (item.StripLeft && i > 0 && items[i - 1].Kind == ItemKind.Literal)
            {
                items[i - 1].Text = items[i - 1].Text.TrimEnd();
            }

            if (item.StripRight && i + 1 < items.Count && items[i + 1].Kind == ItemKind.Literal)
            {
                items[i + 1].Text = items[i + 1].Text.TrimStart();
            }
        }
    }

    private static string UnescapeTemplateMarkers(string raw)
        => raw.Contains("$${", StringComparison.Ordinal) || raw.Contains("%%{", StringComparison.Ordinal)
            ? raw.Replace("$${", "${", StringComparison.Ordinal).Replace("%%{", "%{", StringComparison.Ordinal)
            : raw;

    private string DecodeQuoted(Token token)
    {
        var raw = token.Text;
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return UnescapeTemplateMarkers(raw);
        }

        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '$' || c == '%')
            {
                if (i + 2 < raw.Length && raw[i + 1] == c && raw[i + 2] == '{')
                {
                    sb.Append(c).Append('{');
                    i += 2;
                    continue;
                }

                sb.Append(c);
                continue;
            }

            if (c != '\\' || i + 1 >= raw.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = raw[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case 'u' or 'U':
                    var length = e == 'u' ? 4 : 8;
                    if (raw.Length - i - 1 >= length
                        && int.TryParse(raw.AsSpan(i + 1, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                        && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF))
                    {
                        sb.Append(char.ConvertFromUtf32(code));
                        i += length;
                    }
                    else
                    {
                        _diagnostics.Error("Invalid escape sequence",
                            $"The \\{e} escape must be followed by {length} hexadecimal digits naming a Unicode scalar value.", token.Range);
                    }

                    break;
                default:
                    _diagnostics.Error("Invalid escape sequence", $"The symbol \"{e}\" is not a valid escape sequence selector.", token.Range);
                    sb.Append(e);
                    break;
            }
        }

        return sb.ToString();
    }

    private (string Value, SourceRange Range) ParseQuotedStringLiteral()
    {
        var open = Read();
        var sb = new StringBuilder();
        while (true)
        {
            var next = Peek();
            switch (next.Kind)
            {
                case TokenKind.CQuote:
                    Read();
                    return (sb.ToString(), SourceRange.Between(open.Range, next.Range));
                case TokenKind.QuotedLit:
                    Read();
                    sb.Append(DecodeQuoted(next));
                    continue;
                case TokenKind.TemplateInterp or TokenKind.TemplateControl:
                    _diagnostics.Error("Invalid string literal",
                        "Template sequences are not allowed in this string. To include a literal \"$\", double it (as \"$$\") to escape it.",
                        next.Range, SourceRange.Between(open.Range, next.Range));
                    var close = Recover(TokenKind.CQuote);
                    return (sb.ToString(), SourceRange.Between(open.Range, close.Range));
                default:
                    if (!_recovery)
                    {
                        _diagnostics.Error("Unterminated string literal",
                            "Unable to find the closing quote mark before the end of the file.", open.Range);
                    }

                    SetRecovery();
                    return (sb.ToString(), SourceRange.Between(open.Range, PrevRange()));
            }
        }
    }
}
