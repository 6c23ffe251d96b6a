using System.Globalization;
using System.Text.Json;
using Mesh.Consul;
using Mesh.Consul.Kv;

namespace Mesh.Bench.Apply;

/// <summary>
/// Watches <c>mesh/compiled/</c> with Consul blocking queries until the snapshot of every expected host carries the
/// generation of an apply (snapshot versions are <c>&lt;generation&gt;.&lt;catalog index&gt;</c>).
/// </summary>
internal sealed class SnapshotWatcher(ConsulClient consul)
{
    public const string Prefix = "mesh/compiled/";

    /// <summary>Blocks until each of <paramref name="hosts"/> has a snapshot of generation <paramref name="generation"/>.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>; the message lists what was seen.</exception>
    public async Task WaitAsync(long generation, IReadOnlySet<string> hosts, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ulong index = 0;
        var missing = hosts.Count;
        IReadOnlyList<KvEntry> last = [];
        try
        {
            while (true)
            {
                var result = await consul.Kv.ListAsync(Prefix, index == 0 ? null : new QueryOptions { Index = index, Wait = TimeSpan.FromSeconds(10) }, deadline.Token);
                last = result.Value;
                missing = hosts.Count - result.Value.Count(e => hosts.Contains(e.Key[Prefix.Length..]) && Generation(e.Value) >= generation);
                if (missing == 0)
                {
                    return;
                }

                index = result.LastIndex;
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var sample = string.Join(", ", last.Take(5).Select(k => $"{k.Key}@{Generation(k.Value)}"));
            throw new TimeoutException($"{missing} of {hosts.Count} snapshots never reached generation {generation}; {last.Count} keys, e.g. {sample}", e);
        }
    }

    /// <summary>The generation part of a stored snapshot's version, or -1.</summary>
    public static long Generation(byte[]? json)
    {
        if (json is null)
        {
            return -1;
        }

        var reader = new Utf8JsonReader(json);
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("version"u8):
                    reader.Read();
                    var version = reader.GetString() ?? string.Empty;
                    var dot = version.IndexOf('.', StringComparison.Ordinal);
                    return long.TryParse(dot < 0 ? version : version[..dot], NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : -1;
                case JsonTokenType.PropertyName when depth == 1:
                    reader.Skip();
                    break;
                default:
                    break;
            }
        }

        return -1;
    }
}
