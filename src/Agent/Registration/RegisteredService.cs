using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Consul;
using Mesh.Consul.Agent;

namespace Mesh.Agent.Registration;

/// <summary>
/// One local service in the Consul catalog, advertised on its mesh inbound port (meta <c>mesh-inbound-port</c>,
/// <c>mesh-version</c>, <c>mesh-namespace</c>) with an HTTP check of the application or a TTL check the agent keeps
/// passing. Registration is retried until Consul answers; stopping deregisters.
/// </summary>
internal sealed partial class RegisteredService : IAsyncDisposable
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(30);
    private readonly ConsulClient _consul;
    private readonly ServiceRegistration _registration;
    private readonly string _checkId;
    private readonly bool _ttlCheck;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public RegisteredService(ConsulClient consul, string serviceId, LocalServiceOptions service, int inboundPort, string agentVersion, TimeProvider time, ILogger logger)
    {
        _consul = consul;
        _time = time;
        _logger = logger;
        ServiceId = serviceId;
        _checkId = "mesh:" + serviceId;
        _ttlCheck = service.CheckHttp is null;
        var meta = new Dictionary<string, string>(service.Meta, StringComparer.Ordinal)
        {
            [MeshMeta.InboundPort] = inboundPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MeshMeta.Version] = agentVersion,
            [MeshMeta.Namespace] = service.Namespace,
        };
        _registration = new ServiceRegistration
        {
            ID = serviceId,
            Name = service.Name,
            Tags = [.. service.Tags],
            Address = service.AdvertiseAddress.Length > 0 ? service.AdvertiseAddress : null,
            Port = inboundPort,
            Meta = meta,
            Check = _ttlCheck
                ? new AgentCheck { CheckID = _checkId, Name = "mesh agent TTL", TTL = s_ttl, Status = "passing", DeregisterCriticalServiceAfter = TimeSpan.FromHours(1) }
                : new AgentCheck { CheckID = _checkId, Name = "application HTTP", HTTP = service.CheckHttp, Interval = service.CheckInterval, Timeout = TimeSpan.FromSeconds(5) },
        };
    }

    /// <summary>The Consul service instance id.</summary>
    public string ServiceId { get; }

    /// <summary>Registers (waiting for the first attempt only) and keeps the registration alive.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registered = await TryRegisterAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => KeepAliveAsync(registered, _stopping.Token), CancellationToken.None);
    }

    private async Task<bool> TryRegisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _consul.Agent.RegisterServiceAsync(_registration, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogRegistered(_logger, _registration.Name, ServiceId, _registration.Port ?? 0);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogRegisterFailed(_logger, ServiceId, e.Message);
            return false;
        }
    }

    private async Task KeepAliveAsync(bool registered, CancellationToken cancellationToken)
    {
        var period = registered && _ttlCheck ? s_ttl / 3 : TimeSpan.FromSeconds(2);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
                if (!registered)
                {
                    registered = await TryRegisterAsync(cancellationToken).ConfigureAwait(false);
                    period = registered ? s_ttl / 3 : TimeSpan.FromSeconds(Math.Min(period.TotalSeconds * 2, 30));
                    continue;
                }

                if (!_ttlCheck)
                {
                    period = s_ttl;
                    continue;
                }

                try
                {
                    await _consul.Agent.PassTtlAsync(_checkId, "mesh agent running", cancellationToken).ConfigureAwait(false);
                }
                catch (ConsulException)
                {
                    registered = false; // the agent lost the service (restart, deregistration): register again
                }
                catch (HttpRequestException e)
                {
                    LogRegisterFailed(_logger, ServiceId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _consul.Agent.DeregisterServiceAsync(ServiceId, timeout.Token).ConfigureAwait(false);
            LogDeregistered(_logger, ServiceId);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or OperationCanceledException)
        {
            LogRegisterFailed(_logger, ServiceId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Service} as {ServiceId} on mesh port {Port}")]
    private static partial void LogRegistered(ILogger logger, string service, string serviceId, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deregistered {ServiceId}")]
    private static partial void LogDeregistered(ILogger logger, string serviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consul registration of {ServiceId} failed, retrying: {Error}")]
    private static partial void LogRegisterFailed(ILogger logger, string serviceId, string error);
}
