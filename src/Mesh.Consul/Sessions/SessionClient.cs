using System.Net;
using Mesh.Consul.Http;

namespace Mesh.Consul.Sessions;

/// <summary>The <c>/v1/session</c> endpoints.</summary>
public sealed class SessionClient
{
    private readonly ConsulHttp _http;

    internal SessionClient(ConsulHttp http) => _http = http;

    /// <summary>Creates a session and returns its id.</summary>
    /// <param name="request">The session.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<string> CreateAsync(SessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new SessionCreateWire
        {
            Name = request.Name,
            TTL = request.TTL is { } ttl ? GoDuration.Format(ttl) : null,
            Behavior = request.Behavior == SessionBehavior.Delete ? "delete" : "release",
            LockDelay = request.LockDelay is { } delay ? GoDuration.Format(delay) : null,
        };
        var content = ConsulHttp.JsonContent(body, ConsulJsonContext.Default.SessionCreateWire);
        var created = await _http.SendJsonAsync(HttpMethod.Put, "session/create", null, content, ConsulJsonContext.Default.SessionIdWire, cancellationToken)
            .ConfigureAwait(false);
        return created.ID;
    }

    /// <summary>Renews a session's TTL; <see langword="false"/> when the session no longer exists (404).</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<bool> RenewAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        using var response = await _http.SendAsync(HttpMethod.Put, "session/renew/" + Uri.EscapeDataString(sessionId), null, null, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await ConsulHttp.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Destroys a session, releasing or deleting its locks per its behavior.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<bool> DestroyAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return _http.SendBoolAsync(HttpMethod.Put, "session/destroy/" + Uri.EscapeDataString(sessionId), null, null, cancellationToken);
    }
}
