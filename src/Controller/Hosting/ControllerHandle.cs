namespace Mesh.Controller.Hosting;

/// <summary>A running controller (<c>ControllerHost.StartAsync</c>); disposing stops it.</summary>
public sealed class ControllerHandle : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    internal ControllerHandle(WebApplication app, Uri apiAddress, Uri? adminAddress)
    {
        _app = app;
        ApiAddress = apiAddress;
        AdminAddress = adminAddress;
    }

    /// <summary>The bound API address, e.g. <c>http://127.0.0.1:15010/</c>.</summary>
    public Uri ApiAddress { get; }

    /// <summary>The bound admin address, when one is configured.</summary>
    public Uri? AdminAddress { get; }

    /// <summary>The controller's services (tests).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>
    /// Simulates a crash (tests): cuts the controller off from Consul first, so its leader session is neither renewed
    /// nor released and it writes nothing more, then stops it. Consul's session TTL must free the lock.
    /// </summary>
    internal async Task CrashAsync()
    {
        _app.Services.GetRequiredService<ConsulCutoff>().Cut();
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
