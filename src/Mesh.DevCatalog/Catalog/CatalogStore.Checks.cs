using Mesh.DevCatalog.Catalog;
using Mesh.DevCatalog.Hosting;

namespace Mesh.DevCatalog;

/// <summary>Health checks: TTL checks that turn critical when not updated, probe results with success/failure thresholds, deregistration of long-critical services.</summary>
internal sealed partial class CatalogStore
{
    /// <summary>Id of the node-level check every health result carries.</summary>
    public const string SerfHealth = "serfHealth";

    private readonly Dictionary<string, CheckState> _checks = new(StringComparer.Ordinal);

    /// <summary>The agent's checks by id (without the node's serfHealth).</summary>
    public IReadOnlyDictionary<string, CheckState> AgentChecks()
    {
        lock (_gate)
        {
            return _checks.Values.Where(c => c.CheckID != SerfHealth).OrderBy(c => c.CheckID, StringComparer.Ordinal).ToDictionary(c => c.CheckID, StringComparer.Ordinal);
        }
    }

    /// <summary>The HTTP and TCP checks the probe runner must run.</summary>
    public IReadOnlyList<CheckState> ProbeChecks()
    {
        lock (_gate)
        {
            return _checks.Values.Where(c => c.Type is "http" or "tcp").ToList();
        }
    }

    /// <summary>
    /// Updates a TTL check (<c>/v1/agent/check/pass|warn|fail|update</c>) and restarts its TTL. An unknown id is a 404,
    /// a check without TTL a 500, as in Consul.
    /// </summary>
    public void UpdateTtlCheck(string checkId, string status, string output)
    {
        if (!IsStatus(status))
        {
            throw new StoreException(400, $"Invalid check status: '{status}'");
        }

        Write(idx =>
        {
            if (!_checks.TryGetValue(checkId, out var check) || check.CheckID == SerfHealth)
            {
                throw new StoreException(404, $"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name.");
            }

            if (check.Type != "ttl")
            {
                throw new StoreException(500, $"CheckID \"{checkId}\" does not have associated TTL");
            }

            SetCheckStatus(idx, checkId, status, output);
            ScheduleTtl(check);
            return true;
        });
    }

    /// <summary>
    /// Puts a service in or out of maintenance: a critical <c>_service_maintenance:&lt;id&gt;</c> check, as Consul adds.
    /// False when the service is unknown.
    /// </summary>
    public bool SetServiceMaintenance(string serviceId, bool enable, string? reason) => Write(idx =>
    {
        if (!_services.TryGetValue(serviceId, out var service) || service.Internal)
        {
            return false;
        }

        var checkId = "_service_maintenance:" + serviceId;
        if (!enable)
        {
            RemoveCheck(idx, checkId);
            return true;
        }

        if (!_checks.ContainsKey(checkId))
        {
            var notes = string.IsNullOrEmpty(reason) ? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message." : reason;
            _checks[checkId] = new CheckState(NodeName, checkId, "Service Maintenance Mode", "critical", notes, string.Empty, service.ID, service.Service, service.Tags, "maintenance", string.Empty, string.Empty, idx, idx);
            MarkCatalog(idx);
        }

        return true;
    });

    /// <summary>Records one probe result, honouring SuccessBeforePassing and FailuresBeforeCritical; false for an unknown id.</summary>
    public bool ReportProbe(string checkId, string status, string output) => Write(idx =>
    {
        if (!_checks.TryGetValue(checkId, out var check) || check.Definition is null)
        {
            return false;
        }

        var success = status == "passing";
        var successes = success ? check.Successes + 1 : 0;
        var failures = success ? 0 : check.Failures + 1;
        _checks[checkId] = check with { Successes = successes, Failures = failures };
        if (success ? successes >= check.Definition.SuccessBeforePassing : failures >= check.Definition.FailuresBeforeCritical)
        {
            SetCheckStatus(idx, checkId, status, output);
        }

        return true;
    });

    private void AddCheck(ulong idx, ServiceInstance service, CheckDefinition definition)
    {
        var id = definition.CheckID!;
        _checks.TryGetValue(id, out var existing);
        var type = definition.TTL is { Length: > 0 } ? "ttl" : definition.HTTP is { Length: > 0 } ? "http" : "tcp";
        var status = definition.Status is { Length: > 0 } s ? s : existing?.Status ?? "critical";
        var check = new CheckState(
            NodeName, id, definition.Name ?? id, status, definition.Notes ?? string.Empty, existing?.Output ?? string.Empty,
            service.ID, service.Service, service.Tags, type, definition.Interval ?? string.Empty, definition.Timeout ?? string.Empty,
            existing?.CreateIndex ?? idx, idx)
        {
            Definition = definition,
        };
        if (existing is null || existing with { ModifyIndex = idx, Definition = definition, Successes = 0, Failures = 0 } != check)
        {
            _checks[id] = check;
            MarkCatalog(idx);
        }
        else
        {
            _checks[id] = existing with { Definition = definition };
        }

        if (type == "ttl")
        {
            ScheduleTtl(_checks[id]);
        }

        ScheduleDeregistration(_checks[id]);
    }

    private void RemoveCheck(ulong idx, string checkId)
    {
        if (_checks.Remove(checkId))
        {
            _checkTimers.Cancel("ttl:" + checkId);
            _checkTimers.Cancel("deregister:" + checkId);
            MarkCatalog(idx);
        }
    }

    private void SetCheckStatus(ulong idx, string checkId, string status, string output)
    {
        var check = _checks[checkId];
        if (check.Status != status || check.Output != output)
        {
            _checks[checkId] = check with { Status = status, Output = output, ModifyIndex = idx };
            MarkCatalog(idx);
        }

        ScheduleDeregistration(_checks[checkId]);
    }

    private void ScheduleTtl(CheckState check)
    {
        if (!GoDuration.TryParse(check.Definition?.TTL, out var ttl))
        {
            return;
        }

        var id = check.CheckID;
        _checkTimers.Schedule("ttl:" + id, ttl, () => Write(idx =>
        {
            if (_checks.ContainsKey(id))
            {
                SetCheckStatus(idx, id, "critical", "TTL expired");
            }

            return true;
        }));
    }

    private void ScheduleDeregistration(CheckState check)
    {
        var key = "deregister:" + check.CheckID;
        if (check.Status != "critical" || !GoDuration.TryParse(check.Definition?.DeregisterCriticalServiceAfter, out var after) || after <= TimeSpan.Zero)
        {
            _checkTimers.Cancel(key);
            return;
        }

        if (!_checkTimers.IsScheduled(key))
        {
            var serviceId = check.ServiceID;
            _checkTimers.Schedule(key, after, () => Write(idx => RemoveService(idx, serviceId)));
        }
    }
}
