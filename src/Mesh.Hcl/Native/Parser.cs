using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native.Nodes;
using Mesh.Hcl.Structure;

namespace Mesh.Hcl.Native;

/// <summary>
/// Recursive-descent parser for the native syntax. Its error recovery follows HashiCorp's parser: after the
/// first error in an item it skips to the end of that item and stays quieter, so one typo yields one message
/// rather than a cascade.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>How deeply blocks and expressions may nest before parsing stops with an error.</summary>
    public const int MaxNestingDepth = 100;

    private readonly List<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private readonly Stack<bool> _includeNewlines = new();
    private int _next;
    private int _lastRead = -1;
    private bool _recovery;
    private int _depth;
    private bool _tooDeep;

    public Parser(List<Token> tokens, DiagnosticBag diagnostics)
    {
        _tokens = tokens;
        _diagnostics = diagnostics;
        _includeNewlines.Push(true);
    }

    private Token Peek() => _tokens[NextIndex(out _)];

    private Token Read()
    {
        var i = NextIndex(out _);
        _next = i < _tokens.Count - 1 ? i + 1 : i;
        _lastRead = i;
        return _tokens[i];
    }

    private SourceRange PrevRange() => _lastRead >= 0 ? _tokens[_lastRead].Range : Peek().Range;

    private int NextIndex(out int skipped)
    {
        skipped = 0;
        for (var i = _next; i < _tokens.Count; i++)
        {
            var kind = _tokens[i].Kind;
            if (kind == TokenKind.Comment || (kind == TokenKind.Newline && !_includeNewlines.Peek()))
            {
                skipped++;
                continue;
            }

            return i;
        }

        return _tokens.Count - 1;
    }

    private void PushNewlines(bool include) => _includeNewlines.Push(include);

    private void PopNewlines() => _includeNewlines.Pop();

    private void SetRecovery() => _recovery = true;

    private bool Enter(SourceRange at)
    {
        _depth++;
        if (_depth <= MaxNestingDepth)
        {
            return true;
        }

        if (!_tooDeep)
        {
            _tooDeep = true;
            _diagnostics.Error("Nesting too deep", $"Blocks and expressions may be nested at most {MaxNestingDepth} levels deep.", at);
        }

        return false;
    }

    private void Leave() => _depth--;

    public Expr ParseExpressionOnly()
    {
        CheckInvalidTokens();
        PushNewlines(false);
        var expression = ParseExpression();
        var next = Peek();
        if (next.Kind != TokenKind.Eof && !_recovery)
        {
            _diagnostics.Error("Extra characters after expression", "An expression was successfully parsed, but extra characters were found after it.", next.Range);
        }

        PopNewlines();
        return expression;
    }

    public NativeBody ParseFile()
    {
        CheckInvalidTokens();
        return ParseBody(TokenKind.Eof);
    }

    private NativeBody ParseBody(TokenKind end)
    {
        var attributes = new List<HclAttribute>();
        var names = new Dictionary<string, HclAttribute>(StringComparer.Ordinal);
        var blocks = new List<HclBlock>();
        var startRange = PrevRange();
        if (_lastRead < 0)
        {
            startRange = Peek().Range;
        }

        SourceRange endRange;
        while (true)
        {
            var next = Peek();
            if (next.Kind == end)
            {
                endRange = Read().Range;
                break;
            }

            if (next.Kind == TokenKind.Newline)
            {
                Read();
                continue;
            }

            if (next.Kind == TokenKind.Ident)
            {
                switch (ParseBodyItem())
                {
                    case HclAttribute attribute:
                        if (names.TryGetValue(attribute.Name, out var existing))
                        {
                            _diagnostics.Error("Attribute redefined",
                                $"The argument \"{attribute.Name}\" was already set at {existing.NameRange.Filename}:{existing.NameRange.Start.Line},{existing.NameRange.Start.Column}. Each argument may be set only once.",
                                attribute.NameRange);
                        }
                        else
                        {
                            names[attribute.Name] = attribute;
                            attributes.Add(attribute);
                        }

                        break;
                    case HclBlock block:
                        blocks.Add(block);
                        break;
                }

                if (_tooDeep)
                {
                    endRange = PrevRange();
                    break;
                }

                continue;
            }

            var bad = Read();
            if (!_recovery)
            {
                switch (bad.Kind)
                {
                    case TokenKind.OQuote:
                        _diagnostics.Error("Invalid argument name", "Argument names must not be quoted.", bad.Range);
                        break;
                    case TokenKind.Eof when end == TokenKind.CBrace:
                        _diagnostics.Error("Unclosed configuration block",
                            "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
                            startRange);
                        break;
                    case TokenKind.Eof:
                        _diagnostics.Error("Unclosed configuration body", "Found end of file before the end of this configuration body.", startRange);
                        break;
                    default:
                        _diagnostics.Error("Argument or block definition required", "An argument or block definition is required here.", bad.Range);
                        break;
                }
            }

            endRange = PrevRange();
            Recover(end);
            break;
        }

        var whole = new SourceRange(startRange.Filename, startRange.Start, endRange.End);
        return new NativeBody(attributes, blocks, whole, new SourceRange(endRange.Filename, endRange.End, endRange.End));
    }

    private object? ParseBodyItem()
    {
        var ident = Read();
        var next = Peek();
        switch (next.Kind)
        {
            case TokenKind.Equal:
                return FinishAttribute(ident, singleLine: false);
            case TokenKind.OQuote or TokenKind.OBrace or TokenKind.Ident:
                return FinishBlock(ident);
            default:
                RecoverAfterBodyItem();
                _diagnostics.Error("Argument or block definition required",
                    "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.",
                    ident.Range);
                return null;
        }
    }

    private HclAttribute FinishAttribute(Token ident, bool singleLine)
    {
        Read(); // '='
        var before = _diagnostics.Count;
        var expression = ParseExpression();
        SourceRange endRange;
        if (_recovery && _diagnostics.Count != before)
        {
            endRange = PrevRange();
            RecoverAfterBodyItem();
        }
        else
        {
            endRange = PrevRange();
            if (!singleLine)
            {
                var end = Peek();
                if (end.Kind is not TokenKind.Newline and not TokenKind.Eof)
                {
                    if (!_recovery)
                    {
                        var comma = end.Kind == TokenKind.Comma;
                        _diagnostics.Error(
                            comma ? "Unexpected comma after argument" : "Missing newline after argument",
                            comma
                                ? "Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline."
                                : "An argument definition must end with a newline.",
                            end.Range,
                            SourceRange.Between(ident.Range, end.Range));
                    }

                    RecoverAfterBodyItem();
                }
                else
                {
                    Read();
                }
            }
        }

        return new HclAttribute(ident.Text, expression, SourceRange.Between(ident.Range, endRange), ident.Range);
    }

    private HclBlock FinishBlock(Token ident)
    {
        var labels = new List<string>();
        var labelRanges = new List<SourceRange>();
        Token openBrace;
        while (true)
        {
            var tok = Peek();
            if (tok.Kind == TokenKind.OBrace)
            {
                openBrace = Read();
                break;
            }

            if (tok.Kind == TokenKind.OQuote)
            {
                var (label, range) = ParseQuotedStringLiteral();
                labels.Add(label);
                labelRanges.Add(range);
                continue;
            }

            if (tok.Kind == TokenKind.Ident)
            {
                Read();
                labels.Add(tok.Text);
                labelRanges.Add(tok.Range);
                continue;
            }

            var context = SourceRange.Between(ident.Range, tok.Range);
            if (tok.Kind == TokenKind.Equal)
            {
                _diagnostics.Error("Invalid block definition",
                    "The equals sign \"=\" indicates an argument definition, and must not be used when defining a block.", tok.Range, context);
            }
            else if (tok.Kind == TokenKind.Newline)
            {
                _diagnostics.Error("Invalid block definition",
                    "A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as the block header.",
                    tok.Range, context);
            }
            else if (!_recovery)
            {
                _diagnostics.Error("Invalid block definition", "Either a quoted string block label or an opening brace (\"{\") is expected here.",
                    tok.Range, context);
            }

            RecoverAfterBodyItem();
            var emptyBody = new NativeBody([], [], ident.Range, ident.Range);
            return new HclBlock(ident.Text, labels, emptyBody, ident.Range, ident.Range, labelRanges);
        }

        var defRange = SourceRange.Between(ident.Range, openBrace.Range);
        if (!Enter(openBrace.Range))
        {
            Leave();
            return new HclBlock(ident.Text, labels, new NativeBody([], [], openBrace.Range, openBrace.Range), defRange, ident.Range, labelRanges);
        }

        NativeBody body;
        var before = _diagnostics.Count;
        if (Peek().Kind is TokenKind.Newline or TokenKind.Eof or TokenKind.CBrace)
        {
            body = ParseBody(TokenKind.CBrace);
        }
        else
        {
            body = ParseSingleAttributeBody(openBrace) ?? new NativeBody([], [], openBrace.Range, openBrace.Range);
            var closing = Peek();
            if (closing.Kind == TokenKind.CBrace)
            {
                Read();
            }
            else
            {
                if (closing.Kind == TokenKind.Comma)
                {
                    _diagnostics.Error("Invalid single-argument block definition",
                        "Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.",
                        closing.Range);
                }
                else if (closing.Kind == TokenKind.Newline)
                {
                    _diagnostics.Error("Invalid single-argument block definition",
                        "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
                        closing.Range);
                }
                else if (!_recovery)
                {
                    if (closing.Kind == TokenKind.Eof)
                    {
                        _diagnostics.Error("Unclosed configuration block",
                            "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
                            openBrace.Range, defRange);
                    }
                    else
                    {
                        _diagnostics.Error("Invalid single-argument block definition",
                            "A single-line block definition must end with a closing brace immediately after its single argument definition.",
                            closing.Range);
                    }
                }

                Recover(TokenKind.CBrace);
            }
        }

        Leave();
        _ = before;
        var eol = Peek();
        if (eol.Kind is TokenKind.Newline or TokenKind.Eof)
        {
            Read();
        }
        else
        {
            if (!_recovery)
            {
                _diagnostics.Error("Missing newline after block definition", "A block definition must end with a newline.", eol.Range,
                    SourceRange.Between(ident.Range, eol.Range));
            }

            RecoverAfterBodyItem();
        }

        return new HclBlock(ident.Text, labels, body, defRange, ident.Range, labelRanges);
    }

    private NativeBody? ParseSingleAttributeBody(Token openBrace)
    {
        var ident = Read();
        if (ident.Kind != TokenKind.Ident)
        {
            RecoverAfterBodyItem();
            _diagnostics.Error("Argument or block definition required", "An argument or block definition is required here.", ident.Range);
            return null;
        }

        var next = Peek();
        switch (next.Kind)
        {
            case TokenKind.Equal:
                var attribute = FinishAttribute(ident, singleLine: true);
                var end = new SourceRange(attribute.Range.Filename, attribute.Range.End, attribute.Range.End);
                return new NativeBody([attribute], [], attribute.Range, end);
            case TokenKind.OQuote or TokenKind.OBrace or TokenKind.Ident:
                RecoverAfterBodyItem();
                _diagnostics.Error("Argument definition required",
                    $"A single-line block definition can contain only a single argument. If you meant to define argument \"{ident.Text}\", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.",
                    SourceRange.Between(ident.Range, next.Range));
                return null;
            default:
                RecoverAfterBodyItem();
                _diagnostics.Error("Argument or block definition required",
                    "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value.",
                    ident.Range);
                _ = openBrace;
                return null;
        }
    }
}
