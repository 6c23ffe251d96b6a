using Mesh.Agent.Configuration;

namespace Mesh.Agent.Gateways;

/// <summary>Runs a <see cref="GatewayHost"/> inside the generic host (<c>mesh-agent gateway</c>).</summary>
internal sealed class GatewayService(AgentOptions options, string gatewayName, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private GatewayHost? _gateway;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _gateway = await GatewayHost.StartAsync(options, gatewayName, null, loggerFactory, cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var gateway = Interlocked.Exchange(ref _gateway, null);
        if (gateway is not null)
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
        }
    }
}
