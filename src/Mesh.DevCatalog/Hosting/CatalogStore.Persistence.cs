using System.Text.Json;
using Mesh.DevCatalog.Hosting;

namespace Mesh.DevCatalog;

/// <summary>Saving KV and sessions to one JSON file (write to a temporary file, then atomic rename) and loading them at start.</summary>
internal sealed partial class CatalogStore
{
    private void Save()
    {
        if (_statePath is null)
        {
            return;
        }

        var state = new PersistedState(_index, _kvIndex, _sessionIndex, _kv.Values.ToList(), new Dictionary<string, ulong>(_tombstones, StringComparer.Ordinal), _sessions.Values.ToList());
        var temp = _statePath + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, CatalogJsonContext.Default.PersistedState);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _statePath, overwrite: true);
    }

    private void Load()
    {
        if (_statePath is null || !File.Exists(_statePath))
        {
            return;
        }

        var state = JsonSerializer.Deserialize(File.ReadAllBytes(_statePath), CatalogJsonContext.Default.PersistedState)
            ?? throw new InvalidDataException($"Empty state file {_statePath}");
        _index = Math.Max(1, state.Index);
        _kvIndex = state.KvIndex;
        _sessionIndex = state.SessionIndex;
        foreach (var entry in state.Kv)
        {
            _kv[entry.Key] = entry;
        }

        foreach (var (key, index) in state.Tombstones)
        {
            _tombstones[key] = index;
        }

        foreach (var session in state.Sessions)
        {
            // TTLs restart from the load: the process was not there to renew them.
            _sessions[session.ID] = session;
            ScheduleSessionExpiry(session);
        }
    }
}
