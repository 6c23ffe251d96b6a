using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Mesh.Consul.Tests;

/// <summary>A recorded request: the message is disposed by the client, so its parts are copied.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Token, string Body)
{
    public string PathAndQuery => Uri.PathAndQuery;
}

/// <summary>An in-memory Consul: records requests and answers with canned responses.</summary>
public sealed class FakeConsulHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, HttpResponseMessage> _respond;
    private readonly Channel<RecordedRequest> _seen = Channel.CreateUnbounded<RecordedRequest>();
    private readonly List<RecordedRequest> _requests = [];

    public FakeConsulHandler(Func<RecordedRequest, HttpResponseMessage> respond) => _respond = respond;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public RecordedRequest Single => Assert.Single(Requests);

    /// <summary>Waits for the next request the handler receives.</summary>
    public async Task<RecordedRequest> NextAsync() =>
        await _seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, ulong? index = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (index is { } i)
        {
            response.Headers.Add("X-Consul-Index", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.Headers.Add("X-Consul-KnownLeader", "true");
            response.Headers.Add("X-Consul-LastContact", "0");
        }

        return response;
    }

    public static HttpResponseMessage Text(string text, HttpStatusCode status) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };

    public static ConsulClient Client(FakeConsulHandler handler, ConsulClientOptions? options = null) =>
        new(new HttpClient(handler), options ?? new ConsulClientOptions());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var token = request.Headers.TryGetValues("X-Consul-Token", out var values) ? values.Single() : null;
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, token, body);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        _seen.Writer.TryWrite(recorded);
        var response = _respond(recorded);
        response.RequestMessage = request;
        return response;
    }
}
