using System.Diagnostics.CodeAnalysis;
using System.Net;
using Mesh.Vault;

namespace Mesh.Identity;

/// <summary>
/// Keeps a Vault token alive: renews it (renew-self) when two thirds of its lease have passed, and logs in again
/// through the supplied delegate when Vault refuses the renewal (400/403), when the token is not renewable or
/// its renewals no longer buy time (max TTL reached), or once it has expired. Failures are retried with backoff.
/// </summary>
public sealed class VaultTokenRenewer : IAsyncDisposable
{
    private static readonly TimeSpan InitialRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(2);
    private readonly VaultClient _client;
    private readonly Func<CancellationToken, Task<VaultAuth>> _login;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private VaultAuth? _current;
    private DateTimeOffset _expiresAt;
    private TimeSpan _loginLease;
    private bool _mustLogin;
    private int _failures;
    private ITimer? _timer;
    private Task _work = Task.CompletedTask;
    private bool _disposed;

    /// <summary>Creates a renewer for <paramref name="client"/>'s token; <paramref name="login"/> obtains a new one (AppRole, JWT).</summary>
    public VaultTokenRenewer(VaultClient client, Func<CancellationToken, Task<VaultAuth>> login, TimeProvider timeProvider)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _login = login ?? throw new ArgumentNullException(nameof(login));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Raised after a successful renew-self.</summary>
    public event EventHandler<VaultAuth>? Renewed;

    /// <summary>Raised after a new login.</summary>
    public event EventHandler<VaultAuth>? LoggedIn;

    /// <summary>Raised when a renewal or login failed and will be retried.</summary>
    public event EventHandler<RenewalFailedEventArgs>? Failed;

    /// <summary>The auth currently in use.</summary>
    public VaultAuth? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>When the next renewal, login or retry is due (null: the token never expires).</summary>
    public DateTimeOffset? NextAction { get; private set; }

    /// <summary>Starts from <paramref name="current"/> (or logs in first when it is null) and schedules the renewals.</summary>
    public async Task<VaultAuth> StartAsync(VaultAuth? current = null, CancellationToken cancellationToken = default)
    {
        var auth = current ?? await _login(cancellationToken).ConfigureAwait(false);
        Accept(auth, loggedIn: true);
        return auth;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task work;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            work = _work;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private void Accept(VaultAuth auth, bool loggedIn)
    {
        _client.Token = auth.ClientToken;
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            _current = auth;
            _expiresAt = now + auth.LeaseDuration;
            if (loggedIn)
            {
                _loginLease = auth.LeaseDuration;
            }

            // A renewal that no longer buys a useful lease means the token reached its max TTL: log in next time.
            _mustLogin = !auth.Renewable || (!loggedIn && auth.LeaseDuration < _loginLease / 3);
            _failures = 0;
        }

        if (auth.LeaseDuration <= TimeSpan.Zero)
        {
            NextAction = null;
            return;
        }

        Schedule(auth.LeaseDuration * 2 / 3);
    }

    private void Schedule(TimeSpan delay)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _timer?.Dispose();
            NextAction = _timeProvider.GetUtcNow() + delay;
            _timer = _timeProvider.CreateTimer(_ => OnTimer(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (!_disposed && _work.IsCompleted)
            {
                _work = Task.Run(RunAsync);
            }
        }
    }

    [SuppressMessage("Design", "CA1031", Justification = "Every failure is retried with backoff; the event reports it.")]
    private async Task RunAsync()
    {
        bool login;
        lock (_lock)
        {
            login = _mustLogin || _timeProvider.GetUtcNow() >= _expiresAt;
        }

        try
        {
            if (!login)
            {
                try
                {
                    var renewed = await _client.RenewSelfAsync(null, _stopping.Token).ConfigureAwait(false);
                    Accept(renewed, loggedIn: false);
                    Renewed?.Invoke(this, renewed);
                    return;
                }
                catch (VaultException refused) when (refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
                {
                    login = true;
                }
            }

            var auth = await _login(_stopping.Token).ConfigureAwait(false);
            Accept(auth, loggedIn: true);
            LoggedIn?.Invoke(this, auth);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            int attempt;
            lock (_lock)
            {
                attempt = ++_failures;
                _mustLogin |= login;
            }

            var delay = InitialRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
            delay = delay < MaxRetryDelay ? delay : MaxRetryDelay;
            Schedule(delay);
            Failed?.Invoke(this, new RenewalFailedEventArgs(exception, attempt, delay));
        }
    }
}
