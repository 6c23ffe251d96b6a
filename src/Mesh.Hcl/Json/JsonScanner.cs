using System.Globalization;
using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native;

namespace Mesh.Hcl.Json;

/// <summary>
/// Splits JSON text into tokens on demand. Errors in a token (a bad string, number, keyword or character) are
/// reported here, once, and the token comes back as <see cref="JsonTokenKind.Invalid"/>.
/// </summary>
internal sealed class JsonScanner(SourceText source, DiagnosticBag diagnostics)
{
    private static readonly string[] _keywords = ["true", "false", "null"];
    private readonly string _text = source.Text;
    private int _index;

    public JsonToken Next()
    {
        while (_index < _text.Length && _text[_index] is ' ' or '\t' or '\n' or '\r')
        {
            _index++;
        }

        if (_index >= _text.Length)
        {
            return new JsonToken(JsonTokenKind.EndOfFile, _text.Length, _text.Length);
        }

        var start = _index;
        var c = _text[start];
        switch (c)
        {
            case '{': return Punctuation(JsonTokenKind.OpenBrace);
            case '}': return Punctuation(JsonTokenKind.CloseBrace);
            case '[': return Punctuation(JsonTokenKind.OpenBracket);
            case ']': return Punctuation(JsonTokenKind.CloseBracket);
            case ':': return Punctuation(JsonTokenKind.Colon);
            case ',': return Punctuation(JsonTokenKind.Comma);
            case '=': return Punctuation(JsonTokenKind.Equals);
            case '"': return ScanString();
            default: break;
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            return ScanNumber();
        }

        if (char.IsAsciiLetter(c) || c is '_' or '$')
        {
            return ScanKeyword();
        }

        var length = StringInfo.GetNextTextElementLength(_text, start);
        _index = start + length;
        var shown = c < ' ' ? $"U+{(int)c:X4}" : $"\"{_text.Substring(start, length)}\"";
        diagnostics.Error("Invalid JSON character", $"The character {shown} cannot appear here in JSON.", source.Range(start, _index));
        return new JsonToken(JsonTokenKind.Invalid, start, _index);
    }

    private JsonToken Punctuation(JsonTokenKind kind)
    {
        _index++;
        return new JsonToken(kind, _index - 1, _index);
    }

    private JsonToken ScanString()
    {
        var start = _index;
        var i = start + 1;
        var sb = new StringBuilder();
        var escapes = false;
        while (true)
        {
            if (i >= _text.Length || _text[i] is '\n' or '\r')
            {
                _index = i;
                diagnostics.Error("Invalid JSON string", "This string has no closing quote before the end of the line.", source.Range(start, i));
                return new JsonToken(JsonTokenKind.Invalid, start, i);
            }

            var c = _text[i];
            if (c == '"')
            {
                _index = i + 1;
                return new JsonToken(JsonTokenKind.String, start, _index, sb.ToString(), escapes);
            }

            if (c < ' ')
            {
                _index = i + 1;
                diagnostics.Error("Invalid JSON string", $"Control character U+{(int)c:X4} must be escaped in a JSON string.", source.Range(i, i + 1));
                return new JsonToken(JsonTokenKind.Invalid, start, i + 1);
            }

            if (c != '\\')
            {
                sb.Append(c);
                i++;
                continue;
            }

            escapes = true;
            var length = EscapeLength(i, out var decoded);
            if (length == 0)
            {
                var end = Math.Min(i + 2, _text.Length);
                _index = end;
                diagnostics.Error("Invalid JSON string",
                    "Invalid escape sequence: JSON allows \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\u followed by four hexadecimal digits.",
                    source.Range(i, end));
                return new JsonToken(JsonTokenKind.Invalid, start, end);
            }

            sb.Append(decoded);
            i += length;
        }
    }

    /// <summary>Decodes the escape sequence at <paramref name="i"/>; returns its length in characters, or 0 when invalid.</summary>
    private int EscapeLength(int i, out string decoded)
    {
        decoded = "";
        if (i + 1 >= _text.Length)
        {
            return 0;
        }

        decoded = _text[i + 1] switch
        {
            '"' => "\"",
            '\\' => "\\",
            '/' => "/",
            'b' => "\b",
            'f' => "\f",
            'n' => "\n",
            'r' => "\r",
            't' => "\t",
            _ => "",
        };
        if (decoded.Length > 0)
        {
            return 2;
        }

        if (_text[i + 1] != 'u' || !TryHex4(i + 2, out var unit))
        {
            return 0;
        }

        if (char.IsHighSurrogate(unit) && _text.AsSpan(i + 6).StartsWith("\\u", StringComparison.Ordinal)
            && TryHex4(i + 8, out var low) && char.IsLowSurrogate(low))
        {
            decoded = new string([unit, low]);
            return 12;
        }

        // A lone surrogate cannot be encoded as UTF-8; it decodes to the replacement character, as in other JSON readers.
        decoded = char.IsSurrogate(unit) ? "\uFFFD" : unit.ToString();
        return 6;
    }

    private bool TryHex4(int at, out char value)
    {
        value = '\0';
        if (at + 4 > _text.Length)
        {
            return false;
        }

        if (!int.TryParse(_text.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        value = (char)n;
        return true;
    }

    private JsonToken ScanNumber()
    {
        var start = _index;
        var i = start;
        while (i < _text.Length && (char.IsAsciiLetterOrDigit(_text[i]) || _text[i] is '-' or '+' or '.'))
        {
            i++;
        }

        _index = i;
        var text = _text[start..i];
        if (!IsJsonNumber(text))
        {
            diagnostics.Error("Invalid JSON number", $"\"{text}\" is not a valid JSON number.", source.Range(start, i));
            return new JsonToken(JsonTokenKind.Invalid, start, i);
        }

        return new JsonToken(JsonTokenKind.Number, start, i, text);
    }

    /// <summary>Checks the JSON number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i < s.Length && s[i] == '0')
        {
            i++;
        }
        else if (!Digits(s, ref i))
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i))
            {
                return false;
            }
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            if (!Digits(s, ref i))
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static bool Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i > start;
    }

    private JsonToken ScanKeyword()
    {
        var start = _index;
        var i = start;
        while (i < _text.Length && (char.IsAsciiLetterOrDigit(_text[i]) || _text[i] is '_' or '$'))
        {
            i++;
        }

        _index = i;
        var word = _text[start..i];
        if (word is "true" or "false" or "null")
        {
            return new JsonToken(JsonTokenKind.Keyword, start, i, word);
        }

        string detail;
        if (word is "undefined" or "NaN" or "Infinity")
        {
            detail = $"The JavaScript identifier \"{word}\" cannot be used in JSON.";
        }
        else
        {
            detail = $"\"{word}\" is not a valid JSON keyword.";
            var lower = word.ToLowerInvariant();
            var suggestion = Array.IndexOf(_keywords, lower) >= 0 ? lower : DidYouMean.Suggest(lower, _keywords);
            detail += suggestion is not null
                ? $" Did you mean \"{suggestion}\"?"
                : " Strings in JSON must be enclosed in double quotes.";
        }

        diagnostics.Error("Invalid JSON keyword", detail, source.Range(start, i));
        return new JsonToken(JsonTokenKind.Invalid, start, i);
    }
}
