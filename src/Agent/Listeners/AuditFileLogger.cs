namespace Mesh.Agent.Listeners;

/// <summary>The logger <see cref="AuditFileLoggerProvider"/> hands out for the audit category: structured events become JSON lines.</summary>
internal sealed class AuditFileLogger(AuditFileLoggerProvider provider) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        IEnumerable<KeyValuePair<string, object?>> fields = state as IEnumerable<KeyValuePair<string, object?>>
            ?? [new("message", formatter(state, exception))];
        provider.Write(eventId, fields);
    }
}
