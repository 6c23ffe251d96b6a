namespace Mesh.Agent.Hosting;

/// <summary>A logger that writes every event to two loggers (the host's and the audit file's).</summary>
internal sealed class TeeLogger(ILogger first, ILogger second) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var a = first.BeginScope(state);
        var b = second.BeginScope(state);
        return a is null ? b : b is null ? a : new Both(a, b);
    }

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => first.IsEnabled(logLevel) || second.IsEnabled(logLevel);

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (first.IsEnabled(logLevel))
        {
            first.Log(logLevel, eventId, state, exception, formatter);
        }

        if (second.IsEnabled(logLevel))
        {
            second.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    private sealed class Both(IDisposable a, IDisposable b) : IDisposable
    {
        public void Dispose()
        {
            b.Dispose();
            a.Dispose();
        }
    }
}
