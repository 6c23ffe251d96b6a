using System.Globalization;
using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Native;

/// <summary>
/// Splits native-syntax source into tokens. Strings and heredocs are scanned as templates: literal runs,
/// <c>${</c> / <c>%{</c> openers and the <c>}</c> that closes them, so the parser never re-scans text.
/// </summary>
internal sealed class Scanner
{
    private enum Mode
    {
        Normal,
        Interpolation,
        Quoted,
        Heredoc,
    }

    private sealed class Frame(Mode mode)
    {
        public Mode Mode { get; } = mode;

        public int BraceDepth { get; set; }

        public string Marker { get; init; } = "";

        public bool AtLineStart { get; set; } = true;
    }

    private readonly SourceText _source;
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens;
    private readonly Stack<Frame> _modes = new();
    private int _pos;

    private Scanner(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _text = source.Text;

        // Rule files average about a token per 4 characters; sizing the list up front avoids most of the copies (and
        // the garbage) of growing a list of large structs by doubling.
        _tokens = new List<Token>((source.Text.Length / 4) + 16);
        _diagnostics = diagnostics;
    }

    public static List<Token> Scan(SourceText source, DiagnosticBag diagnostics, bool startInTemplate = false)
    {
        var scanner = new Scanner(source, diagnostics);
        scanner._modes.Push(new Frame(startInTemplate ? Mode.Heredoc : Mode.Normal) { Marker = "" });
        scanner.Run();
        return scanner._tokens;
    }

    private void Run()
    {
        while (_pos < _text.Length)
        {
            switch (_modes.Peek().Mode)
            {
                case Mode.Normal or Mode.Interpolation:
                    ScanNormal();
                    break;
                case Mode.Quoted:
                    ScanQuoted();
                    break;
                default:
                    ScanHeredoc();
                    break;
            }
        }

        Emit(TokenKind.Eof, _pos, _pos);
    }

    private void Emit(TokenKind kind, int start, int end)
    {
        _tokens.Add(new Token(kind, start, end, _source.Range(start, end), _text));
        _pos = end;
    }

    private char At(int i) => i < _text.Length ? _text[i] : '\0';

    private void ScanNormal()
    {
        var start = _pos;
        var c = _text[_pos];
        switch (c)
        {
            case ' ' or '\t':
                while (At(_pos) is ' ' or '\t')
                {
                    _pos++;
                }

                return;
            case '\n':
                Emit(TokenKind.Newline, start, start + 1);
                return;
            case '\r' when At(_pos + 1) == '\n':
                Emit(TokenKind.Newline, start, start + 2);
                return;
            case '#':
                ScanLineComment(start);
                return;
            case '/' when At(_pos + 1) == '/':
                ScanLineComment(start);
                return;
            case '/' when At(_pos + 1) == '*':
                var close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    _diagnostics.Error("Unterminated comment", "There is no \"*/\" to close this comment before the end of the file.",
                        _source.Range(start, start + 2));
                    Emit(TokenKind.Comment, start, _text.Length);
                }
                else
                {
                    Emit(TokenKind.Comment, start, close + 2);
                }

                return;
            case '"':
                Emit(TokenKind.OQuote, start, start + 1);
                _modes.Push(new Frame(Mode.Quoted));
                return;
            case '<' when At(_pos + 1) == '<':
                if (!TryScanHeredocOpener(start))
                {
                    Emit(TokenKind.Invalid, start, start + 2);
                }

                return;
            case '{':
                _modes.Peek().BraceDepth++;
                Emit(TokenKind.OBrace, start, start + 1);
                return;
            case '}':
                CloseBrace(start, start + 1);
                return;
            case '~' when At(_pos + 1) == '}' && _modes.Peek() is { Mode: Mode.Interpolation, BraceDepth: 0 }:
                CloseBrace(start, start + 2);
                return;
        }

        if (char.IsAsciiDigit(c))
        {
            ScanNumber(start);
            return;
        }

        if (IsIdentifierStart(c))
        {
            var end = _pos + 1;
            while (end < _text.Length && IsIdentifierPart(_text[end]))
            {
                end++;
            }

            Emit(TokenKind.Ident, start, end);
            return;
        }

        var (kind, length) = Operator(c);
        if (kind == TokenKind.Invalid)
        {
            length = char.IsSurrogate(c)
                ? (char.IsHighSurrogate(c) && char.IsLowSurrogate(At(_pos + 1)) ? 2 : 1)
                : 1;
            if (char.IsSurrogate(c) && length == 1)
            {
                kind = TokenKind.BadUtf8;
            }
        }

        Emit(kind, start, start + length);
    }

    private (TokenKind Kind, int Length) Operator(char c)
    {
        var next = At(_pos + 1);
        return c switch
        {
            '=' when next == '=' => (TokenKind.EqualOp, 2),
            '=' when next == '>' => (TokenKind.FatArrow, 2),
            '=' => (TokenKind.Equal, 1),
            '!' when next == '=' => (TokenKind.NotEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '<' when next == '=' => (TokenKind.LessThanEq, 2),
            '<' => (TokenKind.LessThan, 1),
            '>' when next == '=' => (TokenKind.GreaterThanEq, 2),
            '>' => (TokenKind.GreaterThan, 1),
            '&' when next == '&' => (TokenKind.And, 2),
            '&' => (TokenKind.BitwiseAnd, 1),
            '|' when next == '|' => (TokenKind.Or, 2),
            '|' => (TokenKind.BitwiseOr, 1),
            '^' => (TokenKind.BitwiseXor, 1),
            '~' => (TokenKind.BitwiseNot, 1),
            '*' when next == '*' => (TokenKind.StarStar, 2),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '%' => (TokenKind.Percent, 1),
            '.' when next == '.' && At(_pos + 2) == '.' => (TokenKind.Ellipsis, 3),
            '.' => (TokenKind.Dot, 1),
            ',' => (TokenKind.Comma, 1),
            '?' => (TokenKind.Question, 1),
            ':' when next == ':' => (TokenKind.DoubleColon, 2),
            ':' => (TokenKind.Colon, 1),
            '(' => (TokenKind.OParen, 1),
            ')' => (TokenKind.CParen, 1),
            '[' => (TokenKind.OBrack, 1),
            ']' => (TokenKind.CBrack, 1),
            '`' => (TokenKind.Backtick, 1),
            '\'' => (TokenKind.Apostrophe, 1),
            ';' => (TokenKind.Semicolon, 1),
            _ => (TokenKind.Invalid, 1),
        };
    }

    private void CloseBrace(int start, int end)
    {
        var frame = _modes.Peek();
        if (frame.Mode == Mode.Interpolation && frame.BraceDepth == 0)
        {
            _modes.Pop();
            Emit(TokenKind.TemplateSeqEnd, start, end);
            if (_modes.Peek().Mode == Mode.Heredoc)
            {
                _modes.Peek().AtLineStart = false;
            }

            return;
        }

        if (frame.BraceDepth > 0)
        {
            frame.BraceDepth--;
        }

        Emit(TokenKind.CBrace, start, end);
    }

    private void ScanLineComment(int start)
    {
        var end = start;
        while (end < _text.Length && _text[end] != '\n' && !(_text[end] == '\r' && At(end + 1) == '\n'))
        {
            end++;
        }

        Emit(TokenKind.Comment, start, end);
    }

    private void ScanNumber(int start)
    {
        var end = start;
        while (char.IsAsciiDigit(At(end)))
        {
            end++;
        }

        if (At(end) == '.' && char.IsAsciiDigit(At(end + 1)))
        {
            end++;
            while (char.IsAsciiDigit(At(end)))
            {
                end++;
            }
        }

        if (At(end) is 'e' or 'E')
        {
            var e = end + 1;
            if (At(e) is '+' or '-')
            {
                e++;
            }

            if (char.IsAsciiDigit(At(e)))
            {
                while (char.IsAsciiDigit(At(e)))
                {
                    e++;
                }

                end = e;
            }
        }

        Emit(TokenKind.NumberLit, start, end);
    }

    private bool TryScanHeredocOpener(int start)
    {
        var i = start + 2;
        if (At(i) == '-')
        {
            i++;
        }

        var markerStart = i;
        if (!IsIdentifierStart(At(i)))
        {
            return false;
        }

        while (i < _text.Length && IsIdentifierPart(_text[i]))
        {
            i++;
        }

        var marker = _text[markerStart..i];
        int end;
        if (At(i) == '\n')
        {
            end = i + 1;
        }
        else if (At(i) == '\r' && At(i + 1) == '\n')
        {
            end = i + 2;
        }
        else
        {
            return false;
        }

        Emit(TokenKind.OHeredoc, start, end);
        _modes.Push(new Frame(Mode.Heredoc) { Marker = marker });
        return true;
    }

    private void ScanQuoted()
    {
        var start = _pos;
        var c = _text[_pos];
        if (c == '"')
        {
            _modes.Pop();
            Emit(TokenKind.CQuote, start, start + 1);
            return;
        }

        if (TryScanTemplateOpener(start))
        {
            return;
        }

        if (c == '\n' || (c == '\r' && At(_pos + 1) == '\n'))
        {
            Emit(TokenKind.QuotedNewline, start, start + (c == '\n' ? 1 : 2));
            return;
        }

        var end = start;
        while (end < _text.Length)
        {
            var ch = _text[end];
            if (ch is '"' or '\n' || (ch == '\r' && At(end + 1) == '\n') || IsTemplateOpener(end))
            {
                break;
            }

            if (ch == '\\' && end + 1 < _text.Length && _text[end + 1] is not '\n' and not '\r')
            {
                end += 2;
                continue;
            }

            end += IsEscapedOpener(end) ? 3 : 1;
        }

        Emit(TokenKind.QuotedLit, start, end);
    }

    private void ScanHeredoc()
    {
        var frame = _modes.Peek();
        var start = _pos;
        if (frame.AtLineStart && frame.Marker.Length > 0 && TryScanHeredocCloser(frame, start))
        {
            return;
        }

        if (TryScanTemplateOpener(start))
        {
            return;
        }

        var end = start;
        while (end < _text.Length)
        {
            if (_text[end] == '\n')
            {
                end++;
                frame.AtLineStart = true;
                Emit(TokenKind.StringLit, start, end);
                return;
            }

            if (IsTemplateOpener(end))
            {
                break;
            }

            end += IsEscapedOpener(end) ? 3 : 1;
        }

        frame.AtLineStart = false;
        Emit(TokenKind.StringLit, start, end);
    }

    private bool TryScanHeredocCloser(Frame frame, int start)
    {
        var i = start;
        while (At(i) is ' ' or '\t')
        {
            i++;
        }

        if (string.CompareOrdinal(_text, i, frame.Marker, 0, frame.Marker.Length) != 0)
        {
            return false;
        }

        var after = i + frame.Marker.Length;
        if (!(after == _text.Length || At(after) == '\n' || (At(after) == '\r' && At(after + 1) == '\n')))
        {
            return false;
        }

        _modes.Pop();
        Emit(TokenKind.CHeredoc, start, after);
        return true;
    }

    private bool TryScanTemplateOpener(int start)
    {
        if (!IsTemplateOpener(start))
        {
            return false;
        }

        var end = start + 2 + (At(start + 2) == '~' ? 1 : 0);
        Emit(_text[start] == '$' ? TokenKind.TemplateInterp : TokenKind.TemplateControl, start, end);
        _modes.Push(new Frame(Mode.Interpolation));
        return true;
    }

    private bool IsTemplateOpener(int i) => At(i) is '$' or '%' && At(i + 1) == '{';

    // "$${" and "%%{" stand for a literal "${" / "%{"; literal runs consume them whole, left to right.
    private bool IsEscapedOpener(int i)
        => At(i) is '$' or '%' && At(i + 1) == At(i) && At(i + 2) == '{';

    private static bool IsIdentifierStart(char c)
        => c == '_' || char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(char c)
    {
        if (c is '-' or '_' || char.IsLetterOrDigit(c))
        {
            return true;
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.LetterNumber;
    }
}
