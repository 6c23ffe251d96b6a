using Mesh.Agent.Listeners;

namespace Mesh.Agent.Hosting;

/// <summary>
/// The agent's logger factory when <c>audit_log</c> is set: every category comes from the host's factory, and the
/// <see cref="AuditLog.Category"/> category also writes to the audit file. Disposing closes the file only.
/// </summary>
internal sealed class AuditTeeLoggerFactory(ILoggerFactory inner, AuditFileLoggerProvider file) : ILoggerFactory
{
    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return string.Equals(categoryName, AuditLog.Category, StringComparison.Ordinal)
            ? new TeeLogger(logger, file.CreateLogger(categoryName))
            : logger;
    }

    /// <inheritdoc />
    public void Dispose() => file.Dispose();
}
