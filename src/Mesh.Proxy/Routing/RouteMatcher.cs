using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Routing;

/// <summary>One compiled <see cref="HttpMatch"/>: every condition present must hold.</summary>
internal sealed class RouteMatcher
{
    private readonly StringMatcher? _uri;
    private readonly StringMatcher? _scheme;
    private readonly StringMatcher? _method;
    private readonly StringMatcher? _authority;
    private readonly KeyValuePair<string, StringMatcher>[] _headers;
    private readonly KeyValuePair<string, StringMatcher>[] _withoutHeaders;
    private readonly KeyValuePair<string, StringMatcher>[] _query;
    private readonly int? _port;

    /// <summary>Compiles the match.</summary>
    public RouteMatcher(HttpMatch match)
    {
        _uri = match.Uri is null ? null : StringMatcher.Compile(match.Uri, match.IgnoreUriCase);
        _scheme = match.Scheme is null ? null : StringMatcher.Compile(match.Scheme);
        _method = match.Method is null ? null : StringMatcher.Compile(match.Method);
        _authority = match.Authority is null ? null : StringMatcher.Compile(match.Authority, ignoreCase: true);
        _headers = CompileAll(match.Headers);
        _withoutHeaders = CompileAll(match.WithoutHeaders);
        _query = CompileAll(match.QueryParams);
        _port = match.Port;
    }

    /// <summary>The URI matcher, if any (a prefix rewrite replaces its prefix).</summary>
    public StringMatcher? Uri => _uri;

    /// <summary>True when the request satisfies every condition.</summary>
    public bool IsMatch(HttpRequest request, int port)
    {
        if (_port is { } p && p != port)
        {
            return false;
        }

        if (_method is not null && !_method.IsMatch(request.Method))
        {
            return false;
        }

        if (_uri is not null && !_uri.IsMatch(request.Path.Value ?? "/"))
        {
            return false;
        }

        if (_scheme is not null && !_scheme.IsMatch(request.Scheme))
        {
            return false;
        }

        if (_authority is not null && !_authority.IsMatch(request.Host.Value))
        {
            return false;
        }

        for (var i = 0; i < _headers.Length; i++)
        {
            if (!_headers[i].Value.IsMatch(Header(request, _headers[i].Key)))
            {
                return false;
            }
        }

        for (var i = 0; i < _withoutHeaders.Length; i++)
        {
            if (_withoutHeaders[i].Value.IsMatch(Header(request, _withoutHeaders[i].Key)))
            {
                return false;
            }
        }

        for (var i = 0; i < _query.Length; i++)
        {
            var values = request.Query[_query[i].Key];
            if (values.Count == 0 || !_query[i].Value.IsMatch(values[0]))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values.Count == 1 ? values[0] : values.ToString();
    }

    private static KeyValuePair<string, StringMatcher>[] CompileAll(IReadOnlyDictionary<string, StringMatch> matches)
    {
        if (matches.Count == 0)
        {
            return [];
        }

        var result = new KeyValuePair<string, StringMatcher>[matches.Count];
        var i = 0;
        foreach (var (name, match) in matches)
        {
            result[i++] = new(name, StringMatcher.Compile(match));
        }

        return result;
    }
}
