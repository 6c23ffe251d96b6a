using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Agent.Listeners;

/// <summary>
/// Writes the events of the <see cref="AuditLog.Category"/> logger category to a file as JSON lines (one object per
/// event: <c>timestamp</c>, <c>event</c> and the event's fields in snake case). The file is opened for append and
/// created with mode 0640. Lines are formatted on the caller's thread and written by one background loop (flushed
/// whenever the queue runs empty), so a slow disk never blocks the request path — which may be the socket engine thread
/// when inline socket completions are on (docs/proxy.md "Runtime settings"). The queue is unbounded: audit events are
/// not dropped for a slow disk (a failed write loses its batch). Disposing writes every queued line, then closes the
/// file. Other categories write nothing.
/// </summary>
internal sealed class AuditFileLoggerProvider : ILoggerProvider
{
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream _file;
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private readonly AuditFileLogger _logger;

    public AuditFileLoggerProvider(string path, TimeProvider time)
    {
        _time = time;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }

        _file = new FileStream(path, options);
        _logger = new AuditFileLogger(this);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        string.Equals(categoryName, AuditLog.Category, StringComparison.Ordinal) ? _logger : NullLogger.Instance;

    /// <summary>Appends one event as a JSON line.</summary>
    internal void Write(EventId eventId, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", _time.GetUtcNow());
            if (eventId.Name is { } name)
            {
                json.WriteString("event", name);
            }

            foreach (var (key, value) in fields)
            {
                if (key == "{OriginalFormat}")
                {
                    continue;
                }

                var property = SnakeCase(key);
                switch (value)
                {
                    case null:
                        json.WriteNull(property);
                        break;
                    case int number:
                        json.WriteNumber(property, number);
                        break;
                    case bool flag:
                        json.WriteBoolean(property, flag);
                        break;
                    default:
                        json.WriteString(property, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        _lines.Writer.TryWrite(buffer.ToArray());
    }

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                while (reader.TryRead(out var line))
                {
                    await _file.WriteAsync(line).ConfigureAwait(false);
                }

                await _file.FlushAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Disk full or the file system went away: the lines of this batch are lost, later ones are tried again
                // (the loop must live on, or the unbounded queue would grow without end).
            }
        }
    }

    // "SourcePrincipal" → "source_principal".
    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        try
        {
            _writer.GetAwaiter().GetResult();
        }
        finally
        {
            _file.Dispose();
        }
    }
}
