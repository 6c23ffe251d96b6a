namespace Mesh.Agent.Certificates;

/// <summary>
/// Keeps a <see cref="TrustBundle"/> fresh: re-reads it every <c>trust_bundle_refresh</c> (default 5 minutes), so a CA
/// root rotation reaches inbound and outbound verification without a restart. (Each certificate renewal also
/// refreshes it: see <see cref="WorkloadIdentity"/>.)
/// </summary>
internal sealed class TrustBundleRefresher : IAsyncDisposable
{
    private readonly TrustBundle _bundle;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public TrustBundleRefresher(TrustBundle bundle, TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _bundle = bundle;
        _interval = interval;
        _time = time;
    }

    /// <summary>Completes after each refresh attempt (scheduled); for tests and diagnostics.</summary>
    public event Action? Refreshed;

    /// <summary>Starts the schedule.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
                await _bundle.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Refreshed?.Invoke();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled while waiting.
        }

        _stopping.Dispose();
    }
}
