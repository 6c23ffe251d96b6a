using System.Text.Json;
using Mesh.Consul.Kv;
using Mesh.Consul.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Consul.Locking;

/// <summary>
/// Leader election on a Consul lock: creates a session (behavior release), tries
/// <c>PUT kv/&lt;key&gt;?acquire=&lt;session&gt;</c>, renews the session every TTL/2 and, while leading,
/// checks it still holds the key. It steps down when the session is gone, the key is held by
/// another session, or renewals have failed for a whole TTL. Disposing releases the lock and
/// destroys the session.
/// </summary>
public sealed partial class LeaderElection : IAsyncDisposable
{
    private readonly ConsulClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private string? _sessionId;
    private long _lastRenewed;
    private volatile bool _isLeader;

    /// <summary>Creates an election; call <see cref="Start"/> to campaign.</summary>
    /// <param name="client">The Consul client.</param>
    /// <param name="options">The lock key and session settings.</param>
    /// <param name="timeProvider">The clock of the renewal timer; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logs leadership changes and failures.</param>
    public LeaderElection(ConsulClient client, LeaderElectionOptions options, TimeProvider? timeProvider = null, ILogger<LeaderElection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Key);
        _client = client;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised (on the election's loop) when leadership is gained or lost.</summary>
    public event EventHandler<LeadershipChangedEventArgs>? LeadershipChanged;

    /// <summary>Whether this instance currently holds the lock.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The current session's id, if one exists.</summary>
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <summary>Starts campaigning in the background; calling it again does nothing.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        _loop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops campaigning, releases the lock if held and destroys the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Expected: the loop ends by cancellation.
            }
        }

        var session = SessionId;
        if (session is not null)
        {
            try
            {
                if (_isLeader)
                {
                    await _client.Kv.PutAsync(_options.Key, _options.Value, new KvWriteOptions { Release = session }, CancellationToken.None).ConfigureAwait(false);
                }

                await _client.Sessions.DestroyAsync(session, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                // Best effort: the session's TTL releases the lock anyway.
                LogReleaseFailed(_logger, ex, _options.Key);
            }
        }

        SetLeader(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = _options.SessionTtl / 2;
        try
        {
            await CampaignLoopAsync(interval, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                // The loop died of an unexpected error: nobody renews the session any more.
                SetLeader(false);
            }
        }
    }

    private async Task CampaignLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CampaignOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogCampaignFailed(_logger, ex, _options.Key);
                if (_isLeader && _timeProvider.GetElapsedTime(_lastRenewed) >= _options.SessionTtl)
                {
                    // Consul may already have invalidated the session: do not act as leader on a stale lock.
                    SetLeader(false);
                }
            }

            await Task.Delay(interval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CampaignOnceAsync(CancellationToken cancellationToken)
    {
        var session = SessionId;
        if (session is not null && !await _client.Sessions.RenewAsync(session, cancellationToken).ConfigureAwait(false))
        {
            LogSessionLost(_logger, session);
            SetLeader(false);
            session = null;
        }

        if (session is null)
        {
            var request = new SessionRequest
            {
                Name = _options.SessionName,
                TTL = _options.SessionTtl,
                Behavior = SessionBehavior.Release,
                LockDelay = _options.LockDelay,
            };
            session = await _client.Sessions.CreateAsync(request, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _sessionId, session);
        }

        _lastRenewed = _timeProvider.GetTimestamp();
        if (!_isLeader)
        {
            var acquired = await _client.Kv.PutAsync(_options.Key, _options.Value, new KvWriteOptions { Acquire = session }, cancellationToken)
                .ConfigureAwait(false);
            SetLeader(acquired);
            return;
        }

        var entry = await _client.Kv.GetAsync(_options.Key, null, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(entry.Value?.Session, session, StringComparison.Ordinal))
        {
            SetLeader(false);
        }
    }

    private void SetLeader(bool isLeader)
    {
        if (_isLeader == isLeader)
        {
            return;
        }

        _isLeader = isLeader;
        LogLeadershipChanged(_logger, _options.Key, isLeader);
        LeadershipChanged?.Invoke(this, new LeadershipChangedEventArgs(isLeader));
    }

    private static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or ConsulException or JsonException or IOException or TaskCanceledException;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Leadership of {Key} changed: leader = {IsLeader}")]
    private static partial void LogLeadershipChanged(ILogger logger, string key, bool isLeader);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Leader election on {Key} failed; retrying")]
    private static partial void LogCampaignFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Session {Session} was invalidated; creating a new one")]
    private static partial void LogSessionLost(ILogger logger, string session);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Releasing the lock on {Key} failed; its session TTL will release it")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string key);
}
