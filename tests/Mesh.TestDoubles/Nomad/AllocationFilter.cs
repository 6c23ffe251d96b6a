using System.Text.Json.Nodes;

namespace Mesh.TestDoubles.Nomad;

/// <summary>
/// The part of Nomad's filter language the double understands: <c>Field == "value"</c> and
/// <c>Field != "value"</c> on top-level string fields, joined by <c>and</c>. Anything else is a 400,
/// as an expression Nomad cannot parse is.
/// </summary>
internal sealed class AllocationFilter
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private AllocationFilter(List<(string Field, bool Equal, string Value)> terms) => _terms = terms;

    public static AllocationFilter? TryParse(string expression, out string error)
    {
        error = string.Empty;
        var terms = new List<(string, bool, string)>();
        foreach (var term in expression.Split(" and ", StringSplitOptions.TrimEntries))
        {
            var equal = term.Contains("==", StringComparison.Ordinal);
            var op = equal ? "==" : "!=";
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                error = $"failed to read filter expression: unsupported term \"{term}\"";
                return null;
            }

            var field = term[..at].Trim();
            var value = term[(at + 2)..].Trim();
            if (value.Length < 2 || !((value[0] == '"' && value[^1] == '"') || (value[0] == '`' && value[^1] == '`')) || field.Length == 0)
            {
                error = $"failed to read filter expression: expected a quoted value in \"{term}\"";
                return null;
            }

            terms.Add((field, equal, value[1..^1]));
        }

        return new AllocationFilter(terms);
    }

    public bool Matches(JsonObject stub)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = stub[field] is JsonValue node && node.TryGetValue<string>(out var text) ? text : null;
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
