using System.Globalization;
using System.Text.Json;
using Mesh.DevCatalog.Hosting;
using Mesh.DevCatalog.Sessions;

namespace Mesh.DevCatalog;

/// <summary>Sessions: creation, TTL renewal and expiry (after twice the TTL, like Consul), invalidation that releases or deletes held keys.</summary>
internal sealed partial class CatalogStore
{
    private static readonly TimeSpan SessionTtlMin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SessionTtlMax = TimeSpan.FromHours(24);
    private static readonly TimeSpan DefaultLockDelay = TimeSpan.FromSeconds(15);
    private readonly Dictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);
    private ulong _sessionIndex;

    /// <summary>Creates a session; a TTL outside 10s..24h or a bad Behavior is a 400.</summary>
    public SessionEntry CreateSession(SessionCreateRequest request)
    {
        var ttlText = request.TTL ?? string.Empty;
        if (ttlText.Length > 0)
        {
            if (!GoDuration.TryParse(ttlText, out var ttl))
            {
                throw new StoreException(400, $"Request decode failed: time: invalid duration \"{ttlText}\"");
            }

            if (ttl != TimeSpan.Zero && (ttl < SessionTtlMin || ttl > SessionTtlMax))
            {
                throw new StoreException(400, string.Create(CultureInfo.InvariantCulture, $"Invalid Session TTL '{ttl.Ticks * 100}', must be between [10s=24h0m0s]"));
            }
        }

        var behavior = string.IsNullOrEmpty(request.Behavior) ? "release" : request.Behavior;
        if (behavior is not ("release" or "delete"))
        {
            throw new StoreException(400, $"Invalid Behavior setting '{behavior}'");
        }

        var lockDelay = ParseLockDelay(request.LockDelay);
        var nodeChecks = request.NodeChecks ?? request.Checks ?? ["serfHealth"];
        return Write(idx =>
        {
            var session = new SessionEntry(
                Guid.NewGuid().ToString(),
                request.Name ?? string.Empty,
                NodeName,
                lockDelay.Ticks * 100,
                behavior,
                ttlText,
                nodeChecks,
                request.ServiceChecks,
                idx,
                idx);
            _sessions[session.ID] = session;
            _sessionIndex = idx;
            MarkPersistent();
            ScheduleSessionExpiry(session);
            return session;
        });
    }

    /// <summary>Renews a session's TTL; null once the session is gone (the endpoint answers 404).</summary>
    public SessionEntry? RenewSession(string id)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                return null;
            }

            ScheduleSessionExpiry(session);
            return session;
        }
    }

    /// <summary>Destroys a session (releasing or deleting its keys per Behavior); unknown ids are fine.</summary>
    public bool DestroySession(string id) => Write(idx =>
    {
        InvalidateSession(idx, id);
        return true;
    });

    /// <summary>The session as a one-element list, or an empty list; indexed by the sessions table.</summary>
    public QueryResult<IReadOnlyList<SessionEntry>> SessionInfo(string id)
    {
        lock (_gate)
        {
            IReadOnlyList<SessionEntry> list = _sessions.TryGetValue(id, out var session) ? [session] : [];
            return new(_sessionIndex, list);
        }
    }

    /// <summary>All sessions.</summary>
    public QueryResult<IReadOnlyList<SessionEntry>> SessionList()
    {
        lock (_gate)
        {
            return new(_sessionIndex, _sessions.Values.OrderBy(s => s.CreateIndex).ToList());
        }
    }

    private static TimeSpan ParseLockDelay(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return DefaultLockDelay;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            // Consul: numbers below 1000 are seconds, anything else nanoseconds.
            return number < 1000 ? TimeSpan.FromSeconds(number) : TimeSpan.FromTicks(number / 100);
        }

        if (element.ValueKind == JsonValueKind.String && GoDuration.TryParse(element.GetString(), out var delay))
        {
            return delay;
        }

        throw new StoreException(400, "Request decode failed: invalid LockDelay");
    }

    private void RequireSession(string session)
    {
        if (string.IsNullOrEmpty(session))
        {
            throw new StoreException(500, "missing session");
        }

        if (!_sessions.ContainsKey(session))
        {
            throw new StoreException(500, $"invalid session \"{session}\"");
        }
    }

    private void ScheduleSessionExpiry(SessionEntry session)
    {
        if (!GoDuration.TryParse(session.TTL, out var ttl) || ttl <= TimeSpan.Zero)
        {
            return;
        }

        var id = session.ID;
        _sessionTimers.Schedule(id, ttl * 2, () => Write(idx =>
        {
            InvalidateSession(idx, id);
            return true;
        }));
    }

    private void InvalidateSession(ulong idx, string id)
    {
        if (!_sessions.Remove(id, out var session))
        {
            return;
        }

        _sessionTimers.Cancel(id);
        var held = _kv.Values.Where(e => string.Equals(e.Session, id, StringComparison.Ordinal)).ToList();
        var delayUntil = _time.GetUtcNow() + session.LockDelaySpan;
        foreach (var entry in held)
        {
            if (string.Equals(session.Behavior, "delete", StringComparison.Ordinal))
            {
                ApplyDelete(idx, entry.Key);
            }
            else
            {
                _kv[entry.Key] = entry with { Session = null, ModifyIndex = idx };
                MarkKv(idx);
            }

            if (session.LockDelaySpan > TimeSpan.Zero)
            {
                _lockDelays[entry.Key] = delayUntil;
            }
        }

        _sessionIndex = idx;
        MarkPersistent();
    }
}
