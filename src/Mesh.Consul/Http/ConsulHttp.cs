using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Mesh.Consul.Http;

/// <summary>The request plumbing the sub-clients share: URLs, headers, query results, errors.</summary>
internal sealed class ConsulHttp
{
    private const string IndexHeader = "X-Consul-Index";
    private const string KnownLeaderHeader = "X-Consul-KnownLeader";
    private const string LastContactHeader = "X-Consul-LastContact";
    private const string TokenHeader = "X-Consul-Token";

    private readonly HttpClient _http;
    private readonly ConsulClientOptions _options;
    private readonly Uri _base;

    public ConsulHttp(HttpClient http, ConsulClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        var text = options.Address.ToString();
        _base = new Uri(text.EndsWith('/') ? text + "v1/" : text + "/v1/");
    }

    /// <summary>Escapes every segment of a path such as a KV key, keeping the slashes.</summary>
    public static string EscapePath(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.EscapeDataString(segments[i]);
        }

        return string.Join('/', segments);
    }

    /// <summary>Adds the query parameters of <paramref name="query"/> to <paramref name="parameters"/>.</summary>
    public static void AddQueryOptions(QueryParameters parameters, QueryOptions? query)
    {
        if (query is null)
        {
            return;
        }

        if (query.IsBlocking)
        {
            parameters.Add("index", query.Index.ToString(CultureInfo.InvariantCulture));
            if (query.Wait is { } wait)
            {
                parameters.Add("wait", GoDuration.Format(wait));
            }
        }

        switch (query.Consistency)
        {
            case ConsistencyMode.Consistent:
                parameters.Add("consistent");
                break;
            case ConsistencyMode.Stale:
                parameters.Add("stale");
                break;
            default:
                break;
        }
    }

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, QueryParameters? parameters, HttpContent? content, CancellationToken cancellationToken)
    {
        var query = parameters ?? new QueryParameters();
        if (!string.IsNullOrEmpty(_options.Datacenter))
        {
            query.Add("dc", _options.Datacenter);
        }

        if (!string.IsNullOrEmpty(_options.Namespace))
        {
            query.Add("ns", _options.Namespace);
        }

        using var request = new HttpRequestMessage(method, new Uri(_base, path + query.ToQueryString()));
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, _options.Token);
        }

        if (!string.IsNullOrEmpty(_options.TlsServerName) && _base.Scheme == Uri.UriSchemeHttps)
        {
            // SocketsHttpHandler takes the TLS server name (SNI and verification) from the Host header.
            request.Headers.Host = _base.IsDefaultPort ? _options.TlsServerName : $"{_options.TlsServerName}:{_base.Port}";
        }

        request.Content = content;
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            throw ConsulErrors.Unreachable(_options.Address, e, _options);
        }
    }

    /// <summary>Sends a request and returns the response, throwing <see cref="ConsulException"/> on a non-success status.</summary>
    public async Task<HttpResponseMessage> SendCheckedAsync(
        HttpMethod method, string path, QueryParameters? parameters, HttpContent? content, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, path, parameters, content, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Throws the <see cref="ConsulException"/> subclass matching a non-success status.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ConsulErrors.FromResponse(response, body.Trim());
        }
    }

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or System.Net.Sockets.SocketException or TimeoutException => true,
        IOException => true,

        // HttpClient.Timeout surfaces as a TaskCanceledException the caller did not ask for.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Sends a write whose response body is <c>true</c> or <c>false</c>.</summary>
    public async Task<bool> SendBoolAsync(
        HttpMethod method, string path, QueryParameters? parameters, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, parameters, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return bool.TryParse(body.Trim(), out var result) && result;
    }

    /// <summary>Sends a request and ignores a successful response's body.</summary>
    public async Task SendVoidAsync(
        HttpMethod method, string path, QueryParameters? parameters, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, parameters, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request and deserializes a successful response.</summary>
    public async Task<T> SendJsonAsync<T>(
        HttpMethod method, string path, QueryParameters? parameters, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, parameters, content, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a read; <paramref name="notFound"/> gives the value of a 404 (which then is not an error) or is null.</summary>
    public async Task<QueryResult<TResult>> QueryAsync<TWire, TResult>(
        string path,
        QueryParameters parameters,
        QueryOptions? options,
        JsonTypeInfo<TWire> type,
        Func<TWire, TResult> map,
        Func<TResult>? notFound,
        CancellationToken cancellationToken)
    {
        AddQueryOptions(parameters, options);
        using var response = await SendAsync(HttpMethod.Get, path, parameters, null, cancellationToken).ConfigureAwait(false);
        TResult value;
        if (response.StatusCode == HttpStatusCode.NotFound && notFound is not null)
        {
            value = notFound();
        }
        else
        {
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            value = map(await ReadJsonAsync(response, type, cancellationToken).ConfigureAwait(false));
        }

        return ToResult(response, value);
    }

    public static QueryResult<T> ToResult<T>(HttpResponseMessage response, T value)
    {
        var headers = response.Headers;
        var index = ulong.TryParse(Header(headers, IndexHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0UL;
        var knownLeader = bool.TryParse(Header(headers, KnownLeaderHeader), out var k) && k;
        var lastContact = long.TryParse(Header(headers, LastContactHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;
        return new QueryResult<T> { Value = value, LastIndex = index, KnownLeader = knownLeader, LastContact = lastContact };
    }

    public static HttpContent JsonContent<T>(T value, JsonTypeInfo<T> type)
    {
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, type);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var value = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
            return value ?? throw new ConsulException(response.StatusCode, "Consul answered with an empty (null) JSON body.");
        }
    }

    private static string? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
