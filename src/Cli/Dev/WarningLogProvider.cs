using Microsoft.Extensions.Logging;

namespace Mesh.Cli.Dev;

/// <summary>
/// Logging for the in-process mesh of <c>meshctl dev</c>: only warnings and errors, one line each, so the
/// terminal shows what the mesh does rather than every HTTP call its parts make.
/// </summary>
internal sealed class WarningLogProvider(TextWriter output) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, ShortName(categoryName));

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message)
    {
        lock (_gate)
        {
            output.WriteLine($"  [{(level >= LogLevel.Error ? "error" : "warn")}] {category}: {message}");
        }
    }

    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot < 0 ? category : category[(dot + 1)..];
    }

    private sealed class Logger(WarningLogProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, formatter(state, exception));
            }
        }
    }
}
