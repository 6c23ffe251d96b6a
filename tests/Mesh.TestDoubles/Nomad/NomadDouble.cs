using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.TestDoubles.Nomad;

/// <summary>
/// An in-process Nomad agent that answers the HTTP API subset the mesh uses, the way Nomad documents it:
/// an index per table (allocs, service_registrations) taken from one raft index, blocking queries
/// (<c>index</c>, <c>wait</c> capped at 300 s plus up to wait/16 of jitter), the X-Nomad-Index,
/// X-Nomad-KnownLeader and X-Nomad-LastContact headers, ACL tokens (403), namespaces and regions.
/// Tests drive allocation lifecycles through its methods. Serves http://127.0.0.1:&lt;port&gt;.
/// </summary>
public sealed class NomadDouble : IAsyncDisposable
{
    private const string AllocsTable = "allocs";
    private const string ServicesTable = "service_registrations";

    private readonly NomadDoubleOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NomadDoubleAllocation> _allocations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _tableIndexes = new(StringComparer.Ordinal) { [AllocsTable] = 1, [ServicesTable] = 1 };
    private readonly List<ulong?> _allocationQueryIndexes = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _deniedRequests;
    private ulong _raftIndex = 1;
    private WebApplication? _app;

    private NomadDouble(NomadDoubleOptions options) => _options = options;

    /// <summary>The base address, for example http://127.0.0.1:41234/ (https with a server certificate).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The port it listens on (reuse it to restart a double at the same address).</summary>
    public int Port => Address.Port;

    /// <summary>The node ID of the double's own client node.</summary>
    public string NodeId => _options.NodeId;

    /// <summary>The current raft index.</summary>
    public ulong Index
    {
        get
        {
            lock (_lock)
            {
                return _raftIndex;
            }
        }
    }

    /// <summary>The <c>index</c> parameter of every node-allocations query received (null when absent), in order.</summary>
    public IReadOnlyList<ulong?> AllocationQueryIndexes
    {
        get
        {
            lock (_lock)
            {
                return [.. _allocationQueryIndexes];
            }
        }
    }

    /// <summary>How many requests were refused with 403 for a missing or unknown token.</summary>
    public int DeniedRequests => Volatile.Read(ref _deniedRequests);

    /// <summary>Completes once <paramref name="condition"/> holds, checking it again after every request the double receives.</summary>
    public async Task WaitForRequestsAsync(Func<NomadDouble, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            Task requested;
            lock (_lock)
            {
                requested = _requested.Task;
            }

            if (condition(this))
            {
                return;
            }

            await requested.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a double on 127.0.0.1.</summary>
    public static async Task<NomadDouble> StartAsync(NomadDoubleOptions? options = null, CancellationToken cancellationToken = default)
    {
        var double_ = new NomadDouble(options ?? new NomadDoubleOptions());
        await double_.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return double_;
    }

    /// <summary>Places an allocation (on this node unless it names another) and returns the new index.</summary>
    public ulong AddAllocation(NomadDoubleAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        lock (_lock)
        {
            var index = NextIndex();
            allocation.CreateIndex = index;
            allocation.ModifyIndex = index;
            _allocations[allocation.Id] = allocation;
            return index;
        }
    }

    /// <summary>Changes an allocation as a client update or a scheduler decision would, and returns the new index.</summary>
    public ulong UpdateAllocation(string allocationId, Action<NomadDoubleAllocation> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            var allocation = _allocations[allocationId];
            change(allocation);
            var index = NextIndex();
            allocation.ModifyIndex = index;
            return index;
        }
    }

    /// <summary>Sets the client status (pending, running, complete, failed, lost).</summary>
    public ulong SetClientStatus(string allocationId, string clientStatus) =>
        UpdateAllocation(allocationId, a => a.ClientStatus = clientStatus);

    /// <summary>Stops an allocation as <c>nomad alloc stop</c> does: desired stop, then the client reports complete.</summary>
    public ulong StopAllocation(string allocationId) =>
        UpdateAllocation(allocationId, a =>
        {
            a.DesiredStatus = "stop";
            a.ClientStatus = "complete";
            foreach (var task in a.Tasks)
            {
                task.State = "dead";
            }
        });

    /// <summary>Garbage-collects an allocation: it disappears from every answer.</summary>
    public ulong RemoveAllocation(string allocationId)
    {
        lock (_lock)
        {
            _allocations.Remove(allocationId);
            return NextIndex();
        }
    }

    /// <summary>
    /// Moves every index back to <paramref name="index"/>, as restoring an older snapshot does, without waking
    /// blocked queries (nothing newer than what they hold has happened).
    /// </summary>
    public void RewindIndex(ulong index)
    {
        lock (_lock)
        {
            _raftIndex = index;
            foreach (var table in _tableIndexes.Keys.ToList())
            {
                _tableIndexes[table] = index;
            }

            foreach (var allocation in _allocations.Values)
            {
                allocation.CreateIndex = Math.Min(allocation.CreateIndex, index);
                allocation.ModifyIndex = Math.Min(allocation.ModifyIndex, index);
            }
        }
    }

    /// <summary>Stops serving; requests still blocked are cut off as if the process died.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void PulseRequested()
    {
        TaskCompletionSource requested;
        lock (_lock)
        {
            requested = _requested;
            _requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        requested.TrySetResult();
    }

    private ulong NextIndex()
    {
        // Callers hold _lock. Every write here touches allocations, and with them Nomad-provider services.
        var index = ++_raftIndex;
        _tableIndexes[AllocsTable] = index;
        _tableIndexes[ServicesTable] = index;
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        return index;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _options.Port, listen =>
        {
            if (_options.ServerCertificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!Authorized(context, out var error))
            {
                Interlocked.Increment(ref _deniedRequests);
                PulseRequested();
                await WriteTextAsync(context, StatusCodes.Status403Forbidden, error).ConfigureAwait(false);
                return;
            }

            var region = context.Request.Query["region"].ToString();
            if (region.Length > 0 && region != _options.Region)
            {
                await WriteTextAsync(context, StatusCodes.Status500InternalServerError, "No path to region").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/v1/agent/self", AgentSelfAsync);
        app.MapGet("/v1/node/{nodeId}/allocations", NodeAllocationsAsync);
        app.MapGet("/v1/allocation/{allocId}", AllocationAsync);
        app.MapGet("/v1/allocations", AllocationsAsync);
        app.MapGet("/v1/services", ServicesAsync);
        app.MapGet("/v1/service/{serviceName}", ServiceAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = new Uri(app.Urls.First());
        Address = new Uri($"{(_options.ServerCertificate is null ? "http" : "https")}://127.0.0.1:{bound.Port}/");
    }

    private bool Authorized(HttpContext context, out string error)
    {
        error = string.Empty;
        if (_options.RequiredToken is null)
        {
            return true;
        }

        var token = context.Request.Headers["X-Nomad-Token"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (token.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        if (token.Length == 0)
        {
            // No token is the anonymous token, which may not read these.
            error = "Permission denied";
            return false;
        }

        if (!string.Equals(token, _options.RequiredToken, StringComparison.Ordinal))
        {
            // Nomad's answer for a SecretID it does not know.
            error = "ACL token not found";
            return false;
        }

        return true;
    }

    private async Task AgentSelfAsync(HttpContext context)
    {
        var body = NomadDoubleJson.AgentSelf(_options, CountAllocations());
        await WriteJsonAsync(context, body, index: null).ConfigureAwait(false);
    }

    private async Task NodeAllocationsAsync(HttpContext context)
    {
        var nodeId = (string)context.Request.RouteValues["nodeId"]!;
        if (!TryReadBlocking(context, out var minIndex, out var wait, out var error))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        lock (_lock)
        {
            _allocationQueryIndexes.Add(context.Request.Query.ContainsKey("index") ? minIndex : null);
        }

        PulseRequested();

        if (!await BlockAsync(context, AllocsTable, minIndex, wait).ConfigureAwait(false))
        {
            return;
        }

        JsonArray body;
        ulong index;
        lock (_lock)
        {
            index = _tableIndexes[AllocsTable];
            body = [];
            foreach (var allocation in _allocations.Values.OrderBy(a => a.CreateIndex))
            {
                if ((allocation.NodeId ?? _options.NodeId) == nodeId)
                {
                    body.Add(NomadDoubleJson.Allocation(allocation, _options.NodeId, withJob: true, withResources: true));
                }
            }
        }

        await WriteJsonAsync(context, body, index).ConfigureAwait(false);
    }

    private async Task AllocationAsync(HttpContext context)
    {
        var allocId = (string)context.Request.RouteValues["allocId"]!;
        if (!TryReadBlocking(context, out var minIndex, out var wait, out var error))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        if (!await BlockAsync(context, AllocsTable, minIndex, wait).ConfigureAwait(false))
        {
            return;
        }

        JsonObject? body = null;
        ulong index;
        lock (_lock)
        {
            index = _tableIndexes[AllocsTable];
            if (_allocations.TryGetValue(allocId, out var allocation))
            {
                body = NomadDoubleJson.Allocation(allocation, _options.NodeId, withJob: true, withResources: true);
            }
        }

        if (body is null)
        {
            await WriteTextAsync(context, StatusCodes.Status404NotFound, "alloc not found").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, body, index).ConfigureAwait(false);
    }

    private async Task AllocationsAsync(HttpContext context)
    {
        if (!TryReadBlocking(context, out var minIndex, out var wait, out var error))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        AllocationFilter? filter = null;
        var expression = context.Request.Query["filter"].ToString();
        if (expression.Length > 0 && (filter = AllocationFilter.TryParse(expression, out error)) is null)
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        var resources = context.Request.Query["resources"].ToString() is "true" or "1";
        var ns = Namespace(context);
        if (!await BlockAsync(context, AllocsTable, minIndex, wait).ConfigureAwait(false))
        {
            return;
        }

        JsonArray body;
        ulong index;
        lock (_lock)
        {
            index = _tableIndexes[AllocsTable];
            body = [];
            foreach (var allocation in _allocations.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
            {
                if (ns != "*" && allocation.Namespace != ns)
                {
                    continue;
                }

                var stub = NomadDoubleJson.Allocation(allocation, _options.NodeId, withJob: false, withResources: resources);
                if (filter is null || filter.Matches(stub))
                {
                    body.Add(stub);
                }
            }
        }

        await WriteJsonAsync(context, body, index).ConfigureAwait(false);
    }

    private async Task ServicesAsync(HttpContext context)
    {
        if (!TryReadBlocking(context, out var minIndex, out var wait, out var error))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        var ns = Namespace(context);
        if (!await BlockAsync(context, ServicesTable, minIndex, wait).ConfigureAwait(false))
        {
            return;
        }

        JsonArray body = [];
        ulong index;
        lock (_lock)
        {
            index = _tableIndexes[ServicesTable];
            var byNamespace = new SortedDictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
            foreach (var (allocation, service, _) in NomadRegistrations(ns))
            {
                if (!byNamespace.TryGetValue(allocation.Namespace, out var services))
                {
                    byNamespace[allocation.Namespace] = services = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
                }

                if (!services.TryGetValue(service.Name, out var tags))
                {
                    services[service.Name] = tags = new SortedSet<string>(StringComparer.Ordinal);
                }

                tags.UnionWith(service.Tags);
            }

            foreach (var (name, services) in byNamespace)
            {
                var list = new JsonArray();
                foreach (var (serviceName, tags) in services)
                {
                    list.Add(new JsonObject { ["ServiceName"] = serviceName, ["Tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) });
                }

                body.Add(new JsonObject { ["Namespace"] = name, ["Services"] = list });
            }
        }

        await WriteJsonAsync(context, body, index).ConfigureAwait(false);
    }

    private async Task ServiceAsync(HttpContext context)
    {
        var serviceName = (string)context.Request.RouteValues["serviceName"]!;
        if (!TryReadBlocking(context, out var minIndex, out var wait, out var error))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        var ns = Namespace(context);
        if (!await BlockAsync(context, ServicesTable, minIndex, wait).ConfigureAwait(false))
        {
            return;
        }

        JsonArray body = [];
        ulong index;
        lock (_lock)
        {
            index = _tableIndexes[ServicesTable];
            foreach (var (allocation, service, port) in NomadRegistrations(ns))
            {
                if (service.Name != serviceName)
                {
                    continue;
                }

                body.Add(NomadDoubleJson.ServiceRegistration(allocation, service, port, _options));
            }
        }

        await WriteJsonAsync(context, body, index).ConfigureAwait(false);
    }

    // Nomad registers provider = "nomad" services of running allocations in its own catalog.
    private IEnumerable<(NomadDoubleAllocation Allocation, NomadDoubleService Service, int Port)> NomadRegistrations(string ns)
    {
        foreach (var allocation in _allocations.Values.OrderBy(a => a.CreateIndex))
        {
            if ((ns != "*" && allocation.Namespace != ns) || allocation.DesiredStatus != "run" || allocation.ClientStatus != "running")
            {
                continue;
            }

            foreach (var service in allocation.Services.Concat(allocation.Tasks.Where(t => t.State != "dead").SelectMany(t => t.Services)))
            {
                if (service.Provider != "nomad")
                {
                    continue;
                }

                var port = allocation.Ports.FirstOrDefault(p => p.Label == service.PortLabel)?.Value
                    ?? (int.TryParse(service.PortLabel, NumberStyles.None, CultureInfo.InvariantCulture, out var literal) ? literal : 0);
                yield return (allocation, service, port);
            }
        }
    }

    private static string Namespace(HttpContext context)
    {
        var ns = context.Request.Query["namespace"].ToString();
        return ns.Length == 0 ? "default" : ns;
    }

    private bool TryReadBlocking(HttpContext context, out ulong minIndex, out TimeSpan wait, out string error)
    {
        minIndex = 0;
        wait = _options.MaxBlockingWait;
        error = string.Empty;
        var indexText = context.Request.Query["index"].ToString();
        if (indexText.Length > 0 && !ulong.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out minIndex))
        {
            error = "Invalid index";
            return false;
        }

        var waitText = context.Request.Query["wait"].ToString();
        if (waitText.Length > 0)
        {
            if (!GoDuration.TryParse(waitText, out wait))
            {
                error = "Invalid wait time";
                return false;
            }

            if (wait > _options.MaxBlockingWait)
            {
                wait = _options.MaxBlockingWait;
            }
        }

        return true;
    }

    /// <summary>Holds the request until the table's index passes <paramref name="minIndex"/> or the wait (plus jitter) ends. False when the double is stopping.</summary>
    private async Task<bool> BlockAsync(HttpContext context, string table, ulong minIndex, TimeSpan wait)
    {
        if (minIndex == 0)
        {
            return true;
        }

        var jitter = wait.Ticks >= 16 ? TimeSpan.FromTicks(RandomNumberGenerator.GetInt32((int)Math.Min(wait.Ticks / 16, int.MaxValue))) : TimeSpan.Zero;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        timeout.CancelAfter(wait + jitter);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_tableIndexes[table] > minIndex)
                {
                    return true;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    // A restart: the client sees its connection drop, not an answer.
                    context.Abort();
                    return false;
                }

                return !context.RequestAborted.IsCancellationRequested;
            }
        }
    }

    private int CountAllocations()
    {
        lock (_lock)
        {
            return _allocations.Count;
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonNode body, ulong? index)
    {
        if (index is { } value)
        {
            context.Response.Headers["X-Nomad-Index"] = value.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Nomad-KnownLeader"] = "true";
            context.Response.Headers["X-Nomad-LastContact"] = "0";
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }
}
