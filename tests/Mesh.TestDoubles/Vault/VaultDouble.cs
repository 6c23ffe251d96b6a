using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.TestDoubles.Vault;

/// <summary>
/// An in-process Vault that answers the API subset the mesh uses, as Vault documents it: tokens (root, AppRole
/// and JWT logins with TTLs, renew-self capped at the max TTL, lookup-self, 403 "permission denied" for bad,
/// revoked or expired tokens), <c>sys/health</c> states, and a PKI mount with a real CA whose roles check
/// <c>allowed_uri_sans</c> globs, names and <c>max_ttl</c> (longer TTLs are truncated with a warning).
/// Serves http://127.0.0.1:&lt;port&gt;, or https with <see cref="VaultDoubleOptions.ServerCertificate"/>.
/// </summary>
public sealed partial class VaultDouble : IAsyncDisposable
{
    private readonly VaultDoubleOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, VaultDoubleToken> _tokens = new(StringComparer.Ordinal);
    private readonly VaultDoublePki _pki;
    private WebApplication? _app;
    private int _logins;
    private int _renewals;
    private int _signs;

    private VaultDouble(VaultDoubleOptions options)
    {
        _options = options;
        _pki = new VaultDoublePki(options);
        _tokens[options.RootToken] = new VaultDoubleToken
        {
            Id = options.RootToken,
            Accessor = NewId(24),
            Policies = ["root"],
            DisplayName = "root",
            IssueTime = options.TimeProvider.GetUtcNow(),
            CreationTtl = TimeSpan.Zero,
        };
    }

    /// <summary>The base address, for example http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The PKI mount's CA certificate.</summary>
    public X509Certificate2 CaCertificate => _pki.Ca;

    /// <summary>Whether Vault is sealed: health answers 503, every other request 503 "Vault is sealed".</summary>
    public bool Sealed { get; set; }

    /// <summary>Whether this node is a standby (health 429; requests are still served, as if forwarded).</summary>
    public bool Standby { get; set; }

    /// <summary>Whether this node is a performance standby (health 473).</summary>
    public bool PerformanceStandby { get; set; }

    /// <summary>Whether Vault is initialised (health 501 when not).</summary>
    public bool Initialized { get; set; } = true;

    /// <summary>How many logins succeeded.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>How many renew-self calls succeeded.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>How many certificates were signed or issued.</summary>
    public int CertificatesIssued => Volatile.Read(ref _signs);

    /// <summary>The X-Vault-Namespace header of the last request that carried one.</summary>
    public string? LastNamespace { get; private set; }

    /// <summary>The subject of the TLS client certificate of the last request that presented one (HTTPS only).</summary>
    public string? LastClientCertificateSubject { get; private set; }

    /// <summary>Starts a double on 127.0.0.1.</summary>
    public static async Task<VaultDouble> StartAsync(VaultDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        var double_ = new VaultDouble(options ?? new VaultDoubleOptions());
        await double_.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return double_;
    }

    /// <summary>Revokes a token (by id or accessor): it is refused with 403 from then on.</summary>
    public void RevokeToken(string tokenOrAccessor)
    {
        lock (_lock)
        {
            foreach (var token in _tokens.Values.Where(t => t.Id == tokenOrAccessor || t.Accessor == tokenOrAccessor))
            {
                token.Revoked = true;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _pki.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _options.Port, ConfigureListen));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Connection.ClientCertificate is { } clientCertificate)
            {
                LastClientCertificateSubject = clientCertificate.Subject;
            }

            if (context.Request.Headers.TryGetValue("X-Vault-Namespace", out var ns))
            {
                LastNamespace = ns.ToString();
            }

            try
            {
                if (Sealed && !context.Request.Path.StartsWithSegments("/v1/sys/health", StringComparison.Ordinal))
                {
                    throw new VaultDoubleError(HttpStatusCode.ServiceUnavailable, "Vault is sealed");
                }

                await next(context).ConfigureAwait(false);
            }
            catch (VaultDoubleError error)
            {
                await WriteErrorAsync(context, error.Status, error.Message).ConfigureAwait(false);
            }
        });
        app.MapGet("/v1/sys/health", HealthAsync);
        app.MapMethods("/v1/auth/{mount}/login", ["POST", "PUT"], LoginAsync);
        app.MapMethods("/v1/auth/token/renew-self", ["POST", "PUT"], RenewSelfAsync);
        app.MapGet("/v1/auth/token/lookup-self", LookupSelfAsync);
        app.MapMethods("/v1/{mount}/sign/{role}", ["POST", "PUT"], (HttpContext c, string mount, string role) => PkiAsync(c, mount, role, withCsr: true));
        app.MapMethods("/v1/{mount}/issue/{role}", ["POST", "PUT"], (HttpContext c, string mount, string role) => PkiAsync(c, mount, role, withCsr: false));
        app.MapGet("/v1/{mount}/ca/pem", (HttpContext c, string mount) => CaPemAsync(c, mount));
        app.MapGet("/v1/{mount}/ca_chain", (HttpContext c, string mount) => CaPemAsync(c, mount));
        app.MapGet("/v1/{mount}/cert/ca", CertCaAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Address = new Uri($"{(_options.ServerCertificate is null ? "http" : "https")}://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
    }

    private async Task HealthAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var status = !Initialized ? 501
            : Sealed ? 503
            : PerformanceStandby ? (query["perfstandbyok"] == "true" ? 200 : 473)
            : Standby ? (query["standbyok"] == "true" ? 200 : 429)
            : 200;
        var body = new JsonObject
        {
            ["initialized"] = Initialized,
            ["sealed"] = Sealed,
            ["standby"] = Standby || PerformanceStandby,
            ["performance_standby"] = PerformanceStandby,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = "disabled",
            ["server_time_utc"] = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            ["version"] = "1.17.0",
            ["cluster_name"] = "vault-double",
            ["cluster_id"] = "00000000-0000-0000-0000-000000000000",
        };
        await WriteJsonAsync(context, body, status).ConfigureAwait(false);
    }

    private async Task LoginAsync(HttpContext context, string mount)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        VaultDoubleToken token;
        if (mount == "approle")
        {
            var roleId = body["role_id"]?.GetValue<string>() ?? string.Empty;
            var secretId = body["secret_id"]?.GetValue<string>() ?? string.Empty;
            var role = _options.AppRoles.FirstOrDefault(r => r.RoleId == roleId)
                ?? throw new VaultDoubleError(HttpStatusCode.BadRequest, "invalid role or secret ID");
            if (role.SecretId != secretId)
            {
                throw new VaultDoubleError(HttpStatusCode.BadRequest, "invalid role or secret ID");
            }

            token = CreateToken(role.Policies, "approle", role.TokenTtl, role.TokenMaxTtl, role.Renewable);
        }
        else
        {
            var roleName = body["role"]?.GetValue<string>() ?? string.Empty;
            var jwt = body["jwt"]?.GetValue<string>() ?? string.Empty;
            var roles = _options.JwtRoles.Where(r => r.Mount == mount).ToList();
            if (roles.Count == 0)
            {
                throw new VaultDoubleError(HttpStatusCode.NotFound, "no handler for route \"auth/" + mount + "/login\". route entry not found.");
            }

            var role = roles.FirstOrDefault(r => r.Role == roleName)
                ?? throw new VaultDoubleError(HttpStatusCode.BadRequest, $"role \"{roleName}\" could not be found");
            if (role.Jwt != jwt)
            {
                throw new VaultDoubleError(HttpStatusCode.BadRequest, "error validating token: invalid signature");
            }

            token = CreateToken(role.Policies, mount + "-" + roleName, role.TokenTtl, TimeSpan.Zero, renewable: true);
        }

        Interlocked.Increment(ref _logins);
        await WriteJsonAsync(context, Envelope(auth: Auth(token)), 200).ConfigureAwait(false);
    }

    private async Task RenewSelfAsync(HttpContext context)
    {
        var token = Authenticate(context);
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!token.Renewable || token.ExpireTime is null)
        {
            throw new VaultDoubleError(HttpStatusCode.BadRequest, "lease is not renewable");
        }

        var now = _options.TimeProvider.GetUtcNow();
        var increment = VaultDoublePki.TtlOf(body["increment"]) ?? token.CreationTtl;
        var warnings = new List<string>();
        lock (_lock)
        {
            var expire = now + increment;
            if (token.MaxExpireTime is { } max && expire > max)
            {
                warnings.Add($"TTL of \"{VaultDoublePki.Go(increment)}\" exceeded the effective max_ttl of \"{VaultDoublePki.Go(max - now)}\"; TTL value is capped accordingly");
                expire = max;
            }

            token.ExpireTime = expire;
        }

        Interlocked.Increment(ref _renewals);
        await WriteJsonAsync(context, Envelope(auth: Auth(token), warnings: warnings), 200).ConfigureAwait(false);
    }

    private async Task LookupSelfAsync(HttpContext context)
    {
        var token = Authenticate(context);
        var now = _options.TimeProvider.GetUtcNow();
        var data = new JsonObject
        {
            ["accessor"] = token.Accessor,
            ["creation_time"] = token.IssueTime.ToUnixTimeSeconds(),
            ["creation_ttl"] = (long)token.CreationTtl.TotalSeconds,
            ["display_name"] = token.DisplayName,
            ["entity_id"] = string.Empty,
            ["expire_time"] = token.ExpireTime?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["explicit_max_ttl"] = 0,
            ["id"] = token.Id,
            ["issue_time"] = token.IssueTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["meta"] = null,
            ["num_uses"] = 0,
            ["orphan"] = true,
            ["path"] = token.DisplayName == "root" ? "auth/token/root" : "auth/" + token.DisplayName.Split('-')[0] + "/login",
            ["policies"] = new JsonArray([.. token.Policies.Select(p => (JsonNode)p)]),
            ["renewable"] = token.Renewable,
            ["ttl"] = token.ExpireTime is { } expire ? (long)Math.Max(0, (expire - now).TotalSeconds) : 0,
            ["type"] = "service",
        };
        await WriteJsonAsync(context, Envelope(data: data), 200).ConfigureAwait(false);
    }

    private async Task PkiAsync(HttpContext context, string mount, string role, bool withCsr)
    {
        RequireMount(mount);
        Authenticate(context);
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var (data, warnings) = _pki.Sign(role, body, withCsr);
        Interlocked.Increment(ref _signs);
        await WriteJsonAsync(context, Envelope(data: data, warnings: warnings), 200).ConfigureAwait(false);
    }

    private async Task CaPemAsync(HttpContext context, string mount)
    {
        RequireMount(mount);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/pem-certificate-chain";
        await context.Response.WriteAsync(_pki.CaPem, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task CertCaAsync(HttpContext context, string mount)
    {
        RequireMount(mount);
        var data = new JsonObject { ["certificate"] = _pki.CaPem, ["revocation_time"] = 0 };
        await WriteJsonAsync(context, Envelope(data: data), 200).ConfigureAwait(false);
    }

    private void RequireMount(string mount)
    {
        if (mount != _options.PkiMount)
        {
            throw new VaultDoubleError(HttpStatusCode.NotFound, $"no handler for route \"{mount}\". route entry not found.");
        }
    }
}
