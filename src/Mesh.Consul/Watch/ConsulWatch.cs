using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Mesh.Consul.Watch;

/// <summary>
/// Loops a blocking query with Consul's documented client rules: an index of 0 is sent as 1,
/// the index is reset to 0 when the server returns a lower one, errors back off exponentially
/// with jitter (a Polly retry pipeline, unlimited attempts until cancelled, on the injected clock),
/// and a result is yielded only when the index moved (a wake-up is not a change).
/// </summary>
/// <typeparam name="T">The value read.</typeparam>
public sealed partial class ConsulWatch<T>
{
    private readonly Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> _query;
    private readonly ConsulWatchOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<QueryResult<T>> _retry;

    /// <summary>Creates a watch.</summary>
    /// <param name="query">The blocking read, e.g. <c>(q, ct) =&gt; client.Kv.ListAsync("config/", q, ct)</c>.</param>
    /// <param name="options">Wait, consistency and backoff; defaults when null.</param>
    /// <param name="timeProvider">The clock of the backoff delays; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logs failed queries.</param>
    public ConsulWatch(
        Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> query,
        ConsulWatchOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        _query = query;
        _options = options ?? new ConsulWatchOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _retry = BuildRetryPipeline();
    }

    /// <summary>The delay before the retry after <paramref name="failures"/> consecutive errors, without jitter.</summary>
    /// <param name="failures">Consecutive errors so far (at least 1).</param>
    public TimeSpan BackoffFor(int failures)
    {
        var backoff = _options.MinBackoff;
        for (var i = 1; i < failures && backoff < _options.MaxBackoff; i++)
        {
            backoff *= 2;
        }

        return backoff < _options.MaxBackoff ? backoff : _options.MaxBackoff;
    }

    /// <summary>Yields the first result, then every result whose index moved; ends with <see cref="OperationCanceledException"/> when cancelled.</summary>
    /// <param name="cancellationToken">Stops the watch.</param>
    public async IAsyncEnumerable<QueryResult<T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ulong index = 0;
        var haveResult = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The first request (and the first after a reset) does not block. Consul's docs: an index it returns
            // should never be 0, but if one is, the next request uses 1, or it would not block.
            var query = new QueryOptions { Index = haveResult ? Math.Max(index, 1UL) : 0, Wait = _options.Wait, Consistency = _options.Consistency };
            var result = await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask<QueryResult<T>>(state.Query(state.Options, ct)),
                (Query: _query, Options: query),
                cancellationToken).ConfigureAwait(false);

            if (result.LastIndex < index)
            {
                // The index went backwards (e.g. deletion markers reaped, a server restored): start over.
                LogIndexReset(_logger, index, result.LastIndex);
                index = 0;
                haveResult = false;
                continue;
            }

            if (haveResult && result.LastIndex == index)
            {
                continue;
            }

            index = result.LastIndex;
            haveResult = true;
            yield return result;
        }
    }

    private ResiliencePipeline<QueryResult<T>> BuildRetryPipeline()
    {
        var retry = new RetryStrategyOptions<QueryResult<T>>
        {
            ShouldHandle = static args => ValueTask.FromResult(
                args.Outcome.Exception is { } exception && IsTransient(exception, args.Context.CancellationToken)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.MinBackoff,
            MaxDelay = _options.MaxBackoff,

            // Polly's attempt number starts at 0 for the first retry; the delay is the capped doubling with jitter.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Jitter(BackoffFor(args.AttemptNumber + 1))),
            OnRetry = args =>
            {
                LogQueryFailed(_logger, args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        };

        return new ResiliencePipelineBuilder<QueryResult<T>> { TimeProvider = _timeProvider }.AddRetry(retry).Build();
    }

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or ConsulException or JsonException or IOException => true,
        _ => false,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Consul blocking query failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Consul index went backwards from {Sent} to {Returned}; resetting the watch")]
    private static partial void LogIndexReset(ILogger logger, ulong sent, ulong returned);

    private TimeSpan Jitter(TimeSpan backoff)
    {
#pragma warning disable CA5394 // Jitter spreads retries; it needs no cryptographic randomness.
        var factor = 0.5 + (0.5 * (_options.Random ?? Random.Shared).NextDouble());
#pragma warning restore CA5394
        return backoff * factor;
    }
}
