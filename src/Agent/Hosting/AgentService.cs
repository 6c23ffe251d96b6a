using Mesh.Agent.Configuration;

namespace Mesh.Agent.Hosting;

/// <summary>Runs an <see cref="AgentHost"/> inside the generic host (systemd notify, SIGTERM handling).</summary>
internal sealed class AgentService(AgentOptions options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private AgentHost? _agent;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _agent = await AgentHost.StartAsync(options, null, loggerFactory, cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var agent = Interlocked.Exchange(ref _agent, null);
        if (agent is not null)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }
}
