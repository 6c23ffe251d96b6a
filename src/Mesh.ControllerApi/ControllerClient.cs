using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Mesh.ControllerApi;

/// <summary>A typed client of the controller's HTTP API.</summary>
public sealed class ControllerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpMessageHandler? _ownedHandler;
    private readonly ControllerTlsHandler? _tls;

    /// <summary>Creates a client for the controller at <paramref name="address"/>.</summary>
    /// <param name="address">The controller's base address, e.g. <c>http://127.0.0.1:15010</c>.</param>
    /// <param name="token">The API token, sent as a bearer token.</param>
    /// <param name="handler">An optional handler (TLS settings, tests).</param>
    public ControllerClient(Uri address, string? token, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = address;
        _http.Timeout = TimeSpan.FromSeconds(60);
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private ControllerClient(Uri address, string? token, SocketsHttpHandler handler, ControllerTlsHandler tls)
        : this(address, token, handler)
    {
        _ownedHandler = handler;
        _tls = tls;
    }

    /// <summary>
    /// Creates a client that trusts the controller's own CA (<paramref name="tls"/>'s <c>CaFile</c>, instead of the
    /// system store) and optionally presents a client certificate. The client owns its handler.
    /// </summary>
    /// <param name="address">The controller's base address, e.g. <c>https://controller.internal:15010</c>.</param>
    /// <param name="token">The API token, sent as a bearer token.</param>
    /// <param name="tls">The CA file and client certificate.</param>
    /// <exception cref="ControllerApiException">A file cannot be read or holds no certificate or key.</exception>
    public static ControllerClient Create(Uri address, string? token, ControllerTlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var builder = new ControllerTlsHandler();
        var handler = builder.Create(tls);
        return new ControllerClient(address, token, handler, builder);
    }

    /// <summary>The controller's address.</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>Applies (or with <see cref="ApplyRequest.DryRun"/>, plans) a bundle.</summary>
    /// <exception cref="ControllerRejectedException">The bundle is invalid; its diagnostics say why.</exception>
    /// <exception cref="ControllerConflictException">Another apply committed first.</exception>
    public Task<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "v1/apply") { Content = JsonContent.Create(request, ControllerApiJsonContext.Default.ApplyRequest) },
            ControllerApiJsonContext.Default.ApplyResponse,
            cancellationToken);

    /// <summary>Lists stored resources, optionally of one kind or one resource.</summary>
    public Task<IReadOnlyList<ResourceView>> GetAsync(string? kind = null, string? name = null, CancellationToken cancellationToken = default)
    {
        var path = kind is null ? "v1/resources" : name is null ? $"v1/resources/{Uri.EscapeDataString(kind)}" : $"v1/resources/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(name)}";
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ControllerApiJsonContext.Default.IReadOnlyListResourceView, cancellationToken);
    }

    /// <summary>Deletes one resource.</summary>
    /// <exception cref="ControllerNotFoundException">No such resource.</exception>
    public Task<ApplyResponse> DeleteAsync(string kind, string name, bool dryRun = false, CancellationToken cancellationToken = default) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, $"v1/resources/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(name)}{(dryRun ? "?dry_run=true" : string.Empty)}"),
            ControllerApiJsonContext.Default.ApplyResponse,
            cancellationToken);

    /// <summary>Reads the status of resources and proxies.</summary>
    public Task<StatusResponse> StatusAsync(CancellationToken cancellationToken = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v1/status"), ControllerApiJsonContext.Default.StatusResponse, cancellationToken);

    /// <summary>Asks the built-in CA to sign a workload key (<c>POST v1/ca/sign</c>, agent token required).</summary>
    public Task<CertificateSignResponse> SignCertificateAsync(CertificateSignRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "v1/ca/sign") { Content = JsonContent.Create(request, ControllerApiJsonContext.Default.CertificateSignRequest) },
            ControllerApiJsonContext.Default.CertificateSignResponse,
            cancellationToken);

    /// <summary>Reads the roots of the built-in CA (<c>GET v1/ca/roots</c>).</summary>
    public Task<TrustBundleResponse> GetTrustBundleAsync(CancellationToken cancellationToken = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v1/ca/roots"), ControllerApiJsonContext.Default.TrustBundleResponse, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _ownedHandler?.Dispose();
    }

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> build, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = build();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            var reason = _tls?.LastRejection ?? e.InnerException?.Message ?? e.Message;
            throw new ControllerApiException($"TLS handshake with the controller at {Address} failed: {reason}. Check that the CA file trusts the controller's certificate.", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            var hint = Address.Scheme == Uri.UriSchemeHttps
                ? " (a controller with tls.require_client_cert closes connections that present no valid client certificate)"
                : string.Empty;
            throw new ControllerApiException($"The controller at {Address} closed the connection without answering{hint}.", e);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new ControllerUnreachableException($"Cannot reach the controller at {Address}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControllerUnreachableException($"The controller at {Address} did not answer within {_http.Timeout.TotalSeconds:0} s.", e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                    ?? throw new ControllerApiException(response.StatusCode, "The controller answered with an empty body.");
            }

            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ControllerUnauthorizedException(error.Error),
                HttpStatusCode.NotFound => new ControllerNotFoundException(error.Error),
                HttpStatusCode.Conflict => new ControllerConflictException(error.Error),
                HttpStatusCode.UnprocessableEntity => new ControllerRejectedException(error.Error, error.Diagnostics ?? []),
                _ => new ControllerApiException(response.StatusCode, error.Error),
            };
        }
    }

    private static async Task<ErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var parsed = JsonSerializer.Deserialize(body, ControllerApiJsonContext.Default.ErrorResponse);
            if (parsed is not null && !string.IsNullOrEmpty(parsed.Error))
            {
                return parsed;
            }
        }
        catch (JsonException)
        {
            // Not our error format (a proxy in between, for example): report the text as it is.
        }

        return new ErrorResponse(string.IsNullOrWhiteSpace(body) ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" : body.Trim());
    }
}
