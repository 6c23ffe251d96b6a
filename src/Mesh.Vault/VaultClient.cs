using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mesh.Vault;

/// <summary>
/// A client for the Vault HTTP API subset the mesh uses: AppRole and JWT login, token renewal and lookup,
/// health, and the PKI secrets engine. Sends the token as X-Vault-Token and the namespace as X-Vault-Namespace;
/// over https with <see cref="VaultClientOptions.TlsServerName"/>, that name (as Host) is the one TLS checks.
/// Build the <see cref="HttpClient"/> with <see cref="VaultHttpHandler.Create"/> for the CA and client-certificate files.
/// Errors become <see cref="VaultException"/> with the messages of Vault's <c>{"errors": [...]}</c> body.
/// </summary>
public sealed class VaultClient
{
    private readonly HttpClient _http;
    private readonly VaultClientOptions _options;
    private readonly Uri _apiBase;
    private volatile string? _token;

    /// <summary>Creates a client that sends requests through <paramref name="http"/>.</summary>
    public VaultClient(HttpClient http, VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        var address = options.Address.ToString();
        _apiBase = new Uri((address.EndsWith('/') ? address : address + "/") + "v1/");
        _token = options.Token;
    }

    /// <summary>The token sent with every request (a secret: never log it). A login sets it.</summary>
    public string? Token
    {
        get => _token;
        set => _token = value;
    }

    /// <summary>Logs in with AppRole (<c>POST /v1/auth/&lt;mount&gt;/login</c>) and uses the returned token.</summary>
    public Task<VaultAuth> LoginAppRoleAsync(string roleId, string secretId, string mount = "approle", CancellationToken cancellationToken = default) =>
        LoginAsync($"auth/{mount.Trim('/')}/login", new AppRoleLoginBody(roleId, secretId), VaultJsonContext.Default.AppRoleLoginBody, cancellationToken);

    /// <summary>Logs in with a JWT, such as a Nomad workload identity (<c>POST /v1/auth/&lt;mount&gt;/login</c>), and uses the returned token.</summary>
    public Task<VaultAuth> LoginJwtAsync(string mount, string role, string jwt, CancellationToken cancellationToken = default) =>
        LoginAsync($"auth/{mount.Trim('/')}/login", new JwtLoginBody(role, jwt), VaultJsonContext.Default.JwtLoginBody, cancellationToken);

    /// <summary>Extends the current token (<c>POST /v1/auth/token/renew-self</c>); <paramref name="increment"/> asks for a new TTL.</summary>
    public async Task<VaultAuth> RenewSelfAsync(TimeSpan? increment = null, CancellationToken cancellationToken = default)
    {
        var body = new RenewSelfBody(increment is { } i ? FormatDuration(i) : null);
        using var request = CreateRequest(HttpMethod.Post, "auth/token/renew-self");
        request.Content = JsonContent.Create(body, VaultJsonContext.Default.RenewSelfBody);
        var envelope = await SendAsync(request, VaultJsonContext.Default.VaultAuthEnvelope, cancellationToken).ConfigureAwait(false);
        return envelope.Auth ?? throw new VaultException("Vault answered renew-self without an auth block.");
    }

    /// <summary>Describes the current token (<c>GET /v1/auth/token/lookup-self</c>).</summary>
    public async Task<VaultTokenInfo> LookupSelfAsync(CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Get, "auth/token/lookup-self");
        var envelope = await SendAsync(request, VaultJsonContext.Default.VaultLookupEnvelope, cancellationToken).ConfigureAwait(false);
        return envelope.Data ?? throw new VaultException("Vault answered lookup-self without a data block.");
    }

    /// <summary>Reads <c>GET /v1/sys/health</c> and maps its status code; never throws for a status or a failed connection.</summary>
    public async Task<VaultHealthStatus> HealthAsync(CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Get, "sys/health");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode switch
            {
                200 => VaultHealthStatus.Active,
                429 => VaultHealthStatus.Standby,
                473 => VaultHealthStatus.PerformanceStandby,
                501 => VaultHealthStatus.NotInitialized,
                503 => VaultHealthStatus.Sealed,
                _ => VaultHealthStatus.Unknown,
            };
        }
        catch (HttpRequestException)
        {
            return VaultHealthStatus.Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return VaultHealthStatus.Unreachable;
        }
    }

    /// <summary>Signs a CSR (<c>POST /v1/&lt;mount&gt;/sign/&lt;role&gt;</c>); the private key never leaves the caller.</summary>
    public Task<PkiCertificate> SignAsync(string mount, string role, PkiSignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PkiAsync($"{mount.Trim('/')}/sign/{role}", ToWire(request, request.Csr), cancellationToken);
    }

    /// <summary>Has Vault create a key and certificate (<c>POST /v1/&lt;mount&gt;/issue/&lt;role&gt;</c>).</summary>
    public Task<PkiCertificate> IssueAsync(string mount, string role, PkiIssueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PkiAsync($"{mount.Trim('/')}/issue/{role}", ToWire(request, null), cancellationToken);
    }

    /// <summary>Reads the mount's CA certificate as PEM (<c>GET /v1/&lt;mount&gt;/ca/pem</c>).</summary>
    public Task<string> GetCaPemAsync(string mount, CancellationToken cancellationToken = default) =>
        GetTextAsync($"{mount.Trim('/')}/ca/pem", cancellationToken);

    /// <summary>Reads the mount's CA chain as concatenated PEM (<c>GET /v1/&lt;mount&gt;/ca_chain</c>).</summary>
    public Task<string> GetCaChainPemAsync(string mount, CancellationToken cancellationToken = default) =>
        GetTextAsync($"{mount.Trim('/')}/ca_chain", cancellationToken);

    private async Task<VaultAuth> LoginAsync<TBody>(string path, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, path, withToken: false);
        request.Content = JsonContent.Create(body, bodyType);
        var envelope = await SendAsync(request, VaultJsonContext.Default.VaultAuthEnvelope, cancellationToken).ConfigureAwait(false);
        var auth = envelope.Auth ?? throw new VaultException("Vault answered the login without an auth block.");
        _token = auth.ClientToken;
        return auth;
    }

    private async Task<PkiCertificate> PkiAsync(string path, PkiWireRequest body, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body, VaultJsonContext.Default.PkiWireRequest);
        var envelope = await SendAsync(request, VaultJsonContext.Default.VaultPkiEnvelope, cancellationToken).ConfigureAwait(false);
        return envelope.Data ?? throw new VaultException("Vault answered without a data block.");
    }

    private async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, path);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                ?? throw new VaultException($"Vault answered {request.RequestUri?.AbsolutePath} with an empty body.");
        }
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> errors = [];
        if (text.Length > 0)
        {
            try
            {
                errors = JsonSerializer.Deserialize(text, VaultJsonContext.Default.VaultErrorBody)?.Errors ?? [];
            }
            catch (JsonException)
            {
                errors = [text.Trim()];
            }
        }

        throw new VaultException(response.StatusCode, errors);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, bool withToken = true)
    {
        var request = new HttpRequestMessage(method, new Uri(_apiBase, path));
        if (withToken && _token is { Length: > 0 } token)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        if (!string.IsNullOrWhiteSpace(_options.TlsServerName) && _apiBase.Scheme == Uri.UriSchemeHttps)
        {
            // The HTTP handler takes the TLS name (SNI and certificate check) from the Host header.
            request.Headers.Host = _apiBase.IsDefaultPort ? _options.TlsServerName : $"{_options.TlsServerName}:{_apiBase.Port}";
        }

        if (!string.IsNullOrEmpty(_options.Namespace))
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Namespace", _options.Namespace);
        }

        return request;
    }

    private static PkiWireRequest ToWire(PkiIssueRequest request, string? csr) => new()
    {
        Csr = csr,
        CommonName = string.IsNullOrEmpty(request.CommonName) ? null : request.CommonName,
        AltNames = Join(request.AltNames),
        UriSans = Join(request.UriSans),
        IpSans = Join(request.IpSans),
        Ttl = request.Ttl is { } ttl ? FormatDuration(ttl) : null,
    };

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(',', values);

    private static string FormatDuration(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
