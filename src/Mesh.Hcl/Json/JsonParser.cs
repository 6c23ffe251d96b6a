using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Json;

/// <summary>
/// A recursive-descent JSON parser that keeps exact ranges, property order and repeated property names.
/// It stops at the first syntax error (JSON gives little to resynchronise on) and returns what it has so far,
/// so a caller still gets a best-effort tree.
/// </summary>
internal sealed class JsonParser
{
    /// <summary>The deepest nesting of objects and arrays accepted.</summary>
    public const int MaxDepth = 100;

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly JsonScanner _scanner;
    private JsonToken _peeked;
    private bool _hasPeeked;
    private bool _failed;

    public JsonParser(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        _scanner = new JsonScanner(source, diagnostics);
    }

    /// <summary>Parses a whole document: one value and nothing after it. Returns null when the document is empty.</summary>
    public JsonNode? ParseDocument()
    {
        if (Peek().Kind == JsonTokenKind.EndOfFile)
        {
            _diagnostics.Error("Invalid JSON document", "The file is empty; a JSON-based configuration must contain a JSON object.",
                Range(Peek()));
            return null;
        }

        var value = ParseValue(0, "Missing JSON value");
        if (!_failed)
        {
            var extra = Next();
            if (extra.Kind != JsonTokenKind.EndOfFile && extra.Kind != JsonTokenKind.Invalid)
            {
                _diagnostics.Error("Invalid JSON document", "Extra characters appear after the JSON value.", Range(extra));
            }
        }

        return value;
    }

    private JsonNode ParseValue(int depth, string missingSummary)
    {
        var token = Peek();
        switch (token.Kind)
        {
            case JsonTokenKind.OpenBrace:
                return ParseObject(depth + 1);
            case JsonTokenKind.OpenBracket:
                return ParseArray(depth + 1);
            case JsonTokenKind.String:
                Next();
                return new JsonStringNode(token.Value, token.HasEscapes, Range(token));
            case JsonTokenKind.Number:
                Next();
                return new JsonNumberNode(token.Value, Range(token));
            case JsonTokenKind.Keyword:
                Next();
                var value = token.Value switch { "true" => HclValue.True, "false" => HclValue.False, _ => HclValue.Null };
                return new JsonKeywordNode(value, Range(token));
            case JsonTokenKind.Invalid:
                Next();
                return Fail(token, null, "");
            case JsonTokenKind.EndOfFile:
                return Fail(token, "Invalid JSON value", "The JSON data ends prematurely; a value is missing.");
            default:
                Next();
                return Fail(token, "Invalid JSON value",
                    $"{missingSummary}: a JSON value must start with a brace, a bracket, a number, a string, or a keyword.");
        }
    }

    private JsonNode ParseObject(int depth)
    {
        var open = Next();
        var openRange = Range(open);
        if (depth > MaxDepth)
        {
            return Fail(open, "Invalid JSON nesting", $"Objects and arrays are nested more than {MaxDepth} levels deep.");
        }

        var properties = new List<JsonProperty>();
        if (Peek().Kind == JsonTokenKind.CloseBrace)
        {
            return ObjectNode(properties, openRange, Range(Next()));
        }

        while (true)
        {
            var keyToken = Next();
            if (keyToken.Kind != JsonTokenKind.String)
            {
                var (summary, detail) = keyToken.Kind switch
                {
                    JsonTokenKind.Invalid => ((string?)null, ""),
                    JsonTokenKind.CloseBrace => ("Invalid JSON object", "JSON does not permit a trailing comma after the final property in an object."),
                    JsonTokenKind.EndOfFile => ("Invalid JSON object", "No closing brace was found for this JSON object."),
                    _ => ("Invalid JSON object", "A JSON object property name must be a string in double quotes."),
                };
                Fail(keyToken, summary, detail, keyToken.Kind == JsonTokenKind.EndOfFile ? openRange : null);
                return ObjectNode(properties, openRange, Range(keyToken));
            }

            var key = new JsonStringNode(keyToken.Value, keyToken.HasEscapes, Range(keyToken));
            var colon = Next();
            if (colon.Kind != JsonTokenKind.Colon)
            {
                var detail = colon.Kind == JsonTokenKind.Equals
                    ? "JSON uses a colon as its name/value delimiter, not an equals sign."
                    : "A colon must appear between an object property's name and its value.";
                Fail(colon, colon.Kind == JsonTokenKind.Invalid ? null : "Invalid JSON object", detail);
                return ObjectNode(properties, openRange, Range(colon));
            }

            var value = ParseValue(depth, "Missing object property value");
            properties.Add(new JsonProperty(key, value));
            if (_failed)
            {
                return ObjectNode(properties, openRange, value.Range);
            }

            var separator = Next();
            switch (separator.Kind)
            {
                case JsonTokenKind.Comma:
                    continue;
                case JsonTokenKind.CloseBrace:
                    return ObjectNode(properties, openRange, Range(separator));
                case JsonTokenKind.Invalid:
                    Fail(separator, null, "");
                    break;
                case JsonTokenKind.EndOfFile:
                    Fail(separator, "Invalid JSON object", "No closing brace was found for this JSON object.", openRange);
                    break;
                case JsonTokenKind.CloseBracket:
                    Fail(separator, "Invalid JSON object", "A JSON object must be closed with a brace, not a bracket.");
                    break;
                default:
                    Fail(separator, "Invalid JSON object", "A comma must appear between each property definition in an object.");
                    break;
            }

            return ObjectNode(properties, openRange, Range(separator));
        }
    }

    private JsonNode ParseArray(int depth)
    {
        var open = Next();
        var openRange = Range(open);
        if (depth > MaxDepth)
        {
            return Fail(open, "Invalid JSON nesting", $"Objects and arrays are nested more than {MaxDepth} levels deep.");
        }

        var items = new List<JsonNode>();
        if (Peek().Kind == JsonTokenKind.CloseBracket)
        {
            return ArrayNode(items, openRange, Range(Next()));
        }

        while (true)
        {
            if (Peek().Kind == JsonTokenKind.CloseBracket && items.Count > 0)
            {
                var close = Next();
                Fail(close, "Invalid JSON array", "JSON does not permit a trailing comma after the final value in an array.");
                return ArrayNode(items, openRange, Range(close));
            }

            var item = ParseValue(depth, "Missing array element value");
            items.Add(item);
            if (_failed)
            {
                return ArrayNode(items, openRange, item.Range);
            }

            var separator = Next();
            switch (separator.Kind)
            {
                case JsonTokenKind.Comma:
                    continue;
                case JsonTokenKind.CloseBracket:
                    return ArrayNode(items, openRange, Range(separator));
                case JsonTokenKind.Invalid:
                    Fail(separator, null, "");
                    break;
                case JsonTokenKind.EndOfFile:
                    Fail(separator, "Invalid JSON array", "No closing bracket was found for this JSON array.", openRange);
                    break;
                case JsonTokenKind.CloseBrace:
                    Fail(separator, "Invalid JSON array", "A JSON array must be closed with a bracket, not a brace.");
                    break;
                case JsonTokenKind.Colon:
                    Fail(separator, "Invalid JSON array", "A colon is not used to introduce values in a JSON array.");
                    break;
                default:
                    Fail(separator, "Invalid JSON array", "A comma must appear between each value in an array.");
                    break;
            }

            return ArrayNode(items, openRange, Range(separator));
        }
    }

    private static JsonObjectNode ObjectNode(List<JsonProperty> properties, SourceRange open, SourceRange close)
        => new(properties, SourceRange.Between(open, close), open, close);

    private static JsonArrayNode ArrayNode(List<JsonNode> items, SourceRange open, SourceRange close)
        => new(items, SourceRange.Between(open, close), open, close);

    /// <summary>Records the syntax error (unless the scanner already did, when <paramref name="summary"/> is null) and stops parsing.</summary>
    private JsonInvalidNode Fail(JsonToken token, string? summary, string detail, SourceRange? context = null)
    {
        var range = Range(token);
        if (summary is not null)
        {
            _diagnostics.Error(summary, detail, range, context);
        }

        _failed = true;
        return new JsonInvalidNode(range);
    }

    private SourceRange Range(JsonToken token) => _source.Range(token.Start, token.End);

    private JsonToken Peek()
    {
        if (!_hasPeeked)
        {
            _peeked = _failed ? new JsonToken(JsonTokenKind.EndOfFile, _source.Text.Length, _source.Text.Length) : _scanner.Next();
            _hasPeeked = true;
        }

        return _peeked;
    }

    private JsonToken Next()
    {
        var token = Peek();
        _hasPeeked = false;
        return token;
    }
}
