using System.Collections.Concurrent;

namespace Mesh.Cli.Dev;

/// <summary>What the traffic driver saw: responses by version and status, and the identities the backends reported.</summary>
internal sealed class TrafficTally
{
    private readonly ConcurrentDictionary<string, long> _byVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _identities = new(StringComparer.Ordinal);
    private long _sent;
    private long _succeeded;

    public long Sent => Interlocked.Read(ref _sent);

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public IReadOnlyDictionary<string, long> ByVersion => _byVersion;

    public IReadOnlyDictionary<string, long> Identities => _identities;

    public void Record(int status, string? servedBy, string? caller)
    {
        Interlocked.Increment(ref _sent);
        if (status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _succeeded);
            _byVersion.AddOrUpdate(servedBy ?? "unknown", 1, (_, n) => n + 1);
            if (!string.IsNullOrEmpty(caller))
            {
                _identities.AddOrUpdate(caller, 1, (_, n) => n + 1);
            }
        }
    }

    public double SuccessPercent => Sent == 0 ? 0 : 100.0 * Succeeded / Sent;

    public double Share(string version) => Succeeded == 0 ? 0 : 100.0 * _byVersion.GetValueOrDefault(version) / Succeeded;
}
