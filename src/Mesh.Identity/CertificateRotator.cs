using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Identity;

/// <summary>
/// Keeps a workload certificate fresh: renews it at half its lifetime (± jitter) on the injected
/// <see cref="TimeProvider"/>'s timers, retries failures with exponential backoff while the current certificate
/// stays in use (logging a warning and counting <c>mesh_certificate_renewal_failures_total</c>), and raises
/// <see cref="CertificateRotated"/> when a new one takes over. While started, its expiry is reported by
/// <see cref="IdentityMetrics"/>.
/// </summary>
public sealed partial class CertificateRotator : IAsyncDisposable
{
    private readonly ICertificateProvider _provider;
    private readonly SpiffeId _id;
    private readonly CertificateRotatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private WorkloadCertificate? _current;
    private ITimer? _timer;
    private Task _renewal = Task.CompletedTask;
    private int _failures;
    private bool _disposed;

    /// <summary>
    /// Creates a rotator for <paramref name="id"/>; <paramref name="random"/> (seedable in tests) draws the jitter;
    /// <paramref name="logger"/> receives a warning for each failed renewal.
    /// </summary>
    public CertificateRotator(ICertificateProvider provider, SpiffeId id, CertificateRotatorOptions? options, TimeProvider timeProvider, Random? random = null, ILogger? logger = null)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _id = id ?? throw new ArgumentNullException(nameof(id));
        _options = options ?? new CertificateRotatorOptions();
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _random = random ?? Random.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after a new certificate became <see cref="Current"/>.</summary>
    public event EventHandler<CertificateRotatedEventArgs>? CertificateRotated;

    /// <summary>Raised when a renewal failed; the current certificate stays in use.</summary>
    public event EventHandler<RenewalFailedEventArgs>? RenewalFailed;

    /// <summary>The certificate in use; throws before <see cref="StartAsync"/> completed.</summary>
    public WorkloadCertificate Current
    {
        get
        {
            lock (_lock)
            {
                return _current ?? throw new InvalidOperationException("The rotator has not been started.");
            }
        }
    }

    /// <summary>When the next renewal (or retry) is due.</summary>
    public DateTimeOffset? NextRenewal { get; private set; }

    /// <summary>
    /// Obtains the first certificate (or adopts <paramref name="initial"/>, for example one kept on disk, while it
    /// has not expired; past its renewal point it is renewed at once) and schedules its renewal.
    /// </summary>
    public async Task<WorkloadCertificate> StartAsync(WorkloadCertificate? initial = null, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? requestedAt = null;
        WorkloadCertificate certificate;
        if (initial is not null && initial.Id == _id && _timeProvider.GetUtcNow() < initial.NotAfter)
        {
            certificate = initial;
        }
        else
        {
            requestedAt = _timeProvider.GetUtcNow();
            certificate = await _provider.IssueAsync(_id, _options.Ttl, cancellationToken).ConfigureAwait(false);
        }

        Replace(certificate);
        Schedule(RenewalDelay(certificate, requestedAt));
        IdentityMetrics.Track(this);
        return certificate;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task renewal;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            IdentityMetrics.Untrack(this);
            renewal = _renewal;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await renewal.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    /// <summary>The certificate in use, if the rotator has one.</summary>
    internal bool TryGetCurrent([NotNullWhen(true)] out WorkloadCertificate? current)
    {
        lock (_lock)
        {
            current = _current;
            return current is not null;
        }
    }

    /// <summary>
    /// The delay until the renewal point: half (± jitter) of the validity that is left from when the certificate was
    /// asked for (issuers backdate <c>NotBefore</c> for clock skew, which must not eat into a short lifetime).
    /// </summary>
    private TimeSpan RenewalDelay(WorkloadCertificate certificate, DateTimeOffset? requestedAt)
    {
        double draw;
        lock (_lock)
        {
            draw = _random.NextDouble();
        }

        var fraction = 0.5 + (_options.Jitter * ((2 * draw) - 1));
        var start = requestedAt is { } asked && asked > certificate.NotBefore ? asked : certificate.NotBefore;
        var renewAt = start + ((certificate.NotAfter - start) * fraction);
        var delay = renewAt - _timeProvider.GetUtcNow();
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
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
            NextRenewal = _timeProvider.GetUtcNow() + delay;
            _timer = _timeProvider.CreateTimer(_ => OnTimer(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed || !_renewal.IsCompleted)
            {
                return;
            }

            _renewal = Task.Run(RenewAsync);
        }
    }

    [SuppressMessage("Design", "CA1031", Justification = "Any failure of the provider is retried; the current certificate stays in use.")]
    private async Task RenewAsync()
    {
        WorkloadCertificate next;
        var requestedAt = _timeProvider.GetUtcNow();
        try
        {
            next = await _provider.IssueAsync(_id, _options.Ttl, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            var attempt = Interlocked.Increment(ref _failures);
            var delay = RetryDelay(attempt);
            Schedule(delay);
            IdentityMetrics.RenewalFailed(_id);
            LogRenewalFailed(_logger, exception, _id.ToString(), attempt, delay, Current.NotAfter);
            RenewalFailed?.Invoke(this, new RenewalFailedEventArgs(exception, attempt, delay));
            return;
        }

        Interlocked.Exchange(ref _failures, 0);
        var previous = Replace(next);
        Schedule(RenewalDelay(next, requestedAt));
        CertificateRotated?.Invoke(this, new CertificateRotatedEventArgs(previous, next));
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.InitialRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = exponential < _options.MaxRetryDelay ? exponential : _options.MaxRetryDelay;
        var remaining = Current.NotAfter - _timeProvider.GetUtcNow();
        if (remaining > TimeSpan.Zero && delay > remaining / 2)
        {
            delay = remaining / 2 > _options.InitialRetryDelay ? remaining / 2 : _options.InitialRetryDelay;
        }

        return delay;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Renewing the certificate of {Identity} failed (attempt {Attempt}); retrying in {RetryIn}, the current certificate expires at {NotAfter:O}")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string identity, int attempt, TimeSpan retryIn, DateTimeOffset notAfter);

    private WorkloadCertificate? Replace(WorkloadCertificate next)
    {
        lock (_lock)
        {
            var previous = _current;
            _current = next;
            return previous;
        }
    }
}
