using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Mesh.Controller.Tests;

/// <summary>Keeps the controller's log lines with their times, so a test that times out can say what the controller did meanwhile.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private const int MaxLines = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    /// <summary>The recorded lines, oldest first.</summary>
    public string Dump() => string.Join('\n', _lines);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var time = TimeProvider.System.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            provider.Add($"{time} {category}: {formatter(state, exception)}{error}");
        }
    }
}
