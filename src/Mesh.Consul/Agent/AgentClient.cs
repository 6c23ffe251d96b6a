using Mesh.Consul.Http;

namespace Mesh.Consul.Agent;

/// <summary>The <c>/v1/agent</c> endpoints of the local agent.</summary>
public sealed class AgentClient
{
    private readonly ConsulHttp _http;

    internal AgentClient(ConsulHttp http) => _http = http;

    /// <summary>Registers (or updates) a service instance with its checks.</summary>
    /// <param name="registration">The service.</param>
    /// <param name="replaceExistingChecks">Replaces the instance's checks instead of merging (<c>?replace-existing-checks</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task RegisterServiceAsync(ServiceRegistration registration, bool replaceExistingChecks = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var parameters = new QueryParameters();
        if (replaceExistingChecks)
        {
            parameters.Add("replace-existing-checks", "true");
        }

        var content = ConsulHttp.JsonContent(registration, ConsulJsonContext.Default.ServiceRegistration);
        return _http.SendVoidAsync(HttpMethod.Put, "agent/service/register", parameters, content, cancellationToken);
    }

    /// <summary>Deregisters a service instance.</summary>
    /// <param name="serviceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeregisterServiceAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        return _http.SendVoidAsync(HttpMethod.Put, "agent/service/deregister/" + Uri.EscapeDataString(serviceId), null, null, cancellationToken);
    }

    /// <summary>Marks a TTL check passing.</summary>
    /// <param name="checkId">The check id.</param>
    /// <param name="note">An optional note (the check's output).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task PassTtlAsync(string checkId, string? note = null, CancellationToken cancellationToken = default) =>
        MarkAsync("pass", checkId, note, cancellationToken);

    /// <summary>Marks a TTL check warning.</summary>
    /// <param name="checkId">The check id.</param>
    /// <param name="note">An optional note (the check's output).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task WarnTtlAsync(string checkId, string? note = null, CancellationToken cancellationToken = default) =>
        MarkAsync("warn", checkId, note, cancellationToken);

    /// <summary>Marks a TTL check critical.</summary>
    /// <param name="checkId">The check id.</param>
    /// <param name="note">An optional note (the check's output).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task FailTtlAsync(string checkId, string? note = null, CancellationToken cancellationToken = default) =>
        MarkAsync("fail", checkId, note, cancellationToken);

    /// <summary>Sets a TTL check's status and output.</summary>
    /// <param name="checkId">The check id.</param>
    /// <param name="status">The new status.</param>
    /// <param name="output">The output shown with the check.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task UpdateTtlAsync(string checkId, CheckStatus status, string? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkId);
        var body = new CheckUpdateWire
        {
            Status = status switch
            {
                CheckStatus.Passing => "passing",
                CheckStatus.Warning => "warning",
                CheckStatus.Critical => "critical",
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown check status."),
            },
            Output = output,
        };
        var content = ConsulHttp.JsonContent(body, ConsulJsonContext.Default.CheckUpdateWire);
        return _http.SendVoidAsync(HttpMethod.Put, "agent/check/update/" + Uri.EscapeDataString(checkId), null, content, cancellationToken);
    }

    /// <summary>Lists the services registered with the local agent, by instance id.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyDictionary<string, AgentService>> ServicesAsync(CancellationToken cancellationToken = default) =>
        await _http.SendJsonAsync(HttpMethod.Get, "agent/services", null, null, ConsulJsonContext.Default.DictionaryStringAgentService, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Describes the local agent (node name, datacenter).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<AgentSelf> SelfAsync(CancellationToken cancellationToken = default)
    {
        var self = await _http.SendJsonAsync(HttpMethod.Get, "agent/self", null, null, ConsulJsonContext.Default.AgentSelfWire, cancellationToken)
            .ConfigureAwait(false);
        return self.Config ?? new AgentSelf();
    }

    private Task MarkAsync(string verb, string checkId, string? note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkId);
        var parameters = new QueryParameters();
        if (!string.IsNullOrEmpty(note))
        {
            parameters.Add("note", note);
        }

        return _http.SendVoidAsync(HttpMethod.Put, "agent/check/" + verb + "/" + Uri.EscapeDataString(checkId), parameters, null, cancellationToken);
    }
}
