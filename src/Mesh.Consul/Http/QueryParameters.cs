using System.Text;

namespace Mesh.Consul.Http;

/// <summary>An ordered query string; a parameter without a value is written bare (<c>?recurse</c>).</summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public QueryParameters Add(string name, string? value = null)
    {
        _items.Add(new(name, value));
        return this;
    }

    public string ToQueryString()
    {
        if (_items.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var (name, value) in _items)
        {
            builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name));
            if (value is not null)
            {
                builder.Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return builder.ToString();
    }
}
