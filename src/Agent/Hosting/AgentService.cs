using System.Runtime.InteropServices;
using Mesh.Agent.Configuration;

namespace Mesh.Agent.Hosting;

/// <summary>
/// Runs an <see cref="AgentHost"/> inside the generic host (systemd notify, SIGTERM handling); SIGHUP reloads
/// <c>agent.hcl</c> and <c>agent.d/*.hcl</c> through a <see cref="ConfigurationReloader"/>.
/// </summary>
internal sealed partial class AgentService(AgentOptions options, string configPath, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Mesh.Agent.Reload");
    private readonly CancellationTokenSource _stopping = new();
    private AgentHost? _agent;
    private ConfigurationReloader? _reloader;
    private PosixSignalRegistration? _sighup;
    private Task _reload = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _agent = await AgentHost.StartAsync(options, null, loggerFactory, cancellationToken).ConfigureAwait(false);
        _reloader = new ConfigurationReloader(_agent, configPath, _logger);
        if (!OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSighup);
        }
    }

    /// <summary>Reloads the configuration now (what SIGHUP does); null before the agent started.</summary>
    public Task<ConfigurationReloadResult>? ReloadAsync() => _reloader?.ReloadAsync(_stopping.Token);

    private void OnSighup(PosixSignalContext context)
    {
        // Handled: the default action of SIGHUP would end the process.
        context.Cancel = true;
        _reload = _reload.ContinueWith(_ => RunReloadAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    private async Task RunReloadAsync()
    {
        if (ReloadAsync() is not { } reload)
        {
            return;
        }

        try
        {
            await reload.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException)
        {
            LogReloadFailed(_logger, e.Message);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _sighup?.Dispose();
        _sighup = null;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await _reload.ConfigureAwait(false);
        var agent = Interlocked.Exchange(ref _agent, null);
        if (agent is not null)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading the configuration failed: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string error);
}
