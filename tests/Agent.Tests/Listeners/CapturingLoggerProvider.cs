using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Keeps every log event with its category and structured fields.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedEvent> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Events);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedEvent> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                : [];
            events.Enqueue(new CapturedEvent(category, logLevel, formatter(state, exception), fields));
        }
    }
}

/// <summary>One captured log event.</summary>
internal sealed record CapturedEvent(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string> Fields);
