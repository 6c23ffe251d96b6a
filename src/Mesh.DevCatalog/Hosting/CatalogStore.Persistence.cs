using System.Text.Json;
using Mesh.DevCatalog.Hosting;

namespace Mesh.DevCatalog;

/// <summary>
/// Saving the state to one JSON file (write to a temporary file, then atomic rename) and loading it at start. Like a
/// Consul agent with a data directory, registered services and their checks come back after a restart: TTL checks with
/// their last status and a fresh TTL, HTTP and TCP checks with their initial status until the first probe. Nodes,
/// services and checks written through <c>/v1/catalog/register</c> come back as they were, as from a server's raft log.
/// </summary>
internal sealed partial class CatalogStore
{
    private void Save()
    {
        if (_statePath is null)
        {
            return;
        }

        var state = new PersistedState(
            _index,
            _kvIndex,
            _sessionIndex,
            _kv.Values.ToList(),
            new Dictionary<string, ulong>(_tombstones, StringComparer.Ordinal),
            _sessions.Values.ToList(),
            _catalogIndex,
            _services.Values.Where(s => !s.Internal).ToList(),
            _checks.Values.Where(c => c.CheckID != SerfHealth).Select(c => new PersistedCheck(c, c.Definition)).ToList(),
            _nodes.Values.Where(n => !IsOwn(n.Node)).ToList(),
            _nodeServices.Select(e => new PersistedNodeService(e.Key.Node, e.Value)).ToList(),
            _nodeChecks.Values.ToList());
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
        _catalogIndex = state.CatalogIndex;
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

        LoadCatalog(state);
    }

    private void LoadCatalog(PersistedState state)
    {
        foreach (var service in state.Services ?? [])
        {
            _services[service.ID] = service;
        }

        foreach (var (persisted, definition) in state.Checks ?? [])
        {
            var check = persisted with { Definition = definition };
            if (check.Type != "ttl")
            {
                // A probe check starts again from its initial status; the check runner probes it at once.
                check = check with { Status = definition?.Status is { Length: > 0 } initial ? initial : "critical", Output = string.Empty };
            }

            _checks[check.CheckID] = check;
            if (check.Type == "ttl")
            {
                ScheduleTtl(check);
            }

            ScheduleDeregistration(check);
        }

        foreach (var node in state.Nodes ?? [])
        {
            _nodes[node.Node] = node;
        }

        foreach (var (node, service) in state.NodeServices ?? [])
        {
            _nodeServices[(node, service.ID)] = service;
        }

        foreach (var check in state.NodeChecks ?? [])
        {
            _nodeChecks[(check.Node, check.CheckID)] = check;
        }
    }
}
