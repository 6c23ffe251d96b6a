using Mesh.DevCatalog.Catalog;
using Mesh.DevCatalog.Hosting;

namespace Mesh.DevCatalog;

/// <summary>Services on the catalog's own node: agent registration and the catalog and health reads (indexed by the catalog table).</summary>
internal sealed partial class CatalogStore
{
    private const string NodeAddress = "127.0.0.1";
    private readonly Dictionary<string, ServiceInstance> _services = new(StringComparer.Ordinal);
    private readonly string _nodeId = Guid.NewGuid().ToString();
    private ulong _catalogIndex = 1;

    /// <summary>The node's id.</summary>
    public string NodeId => _nodeId;

    /// <summary>Registers (or re-registers) a service on the node with its checks; invalid definitions are a 400.</summary>
    public void RegisterService(ServiceDefinition definition, bool replaceExistingChecks)
    {
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw new StoreException(400, "Missing service name");
        }

        var id = string.IsNullOrEmpty(definition.ID) ? definition.Name : definition.ID;
        var checks = new List<CheckDefinition>();
        if (definition.Check is not null)
        {
            checks.Add(definition.Check);
        }

        checks.AddRange(definition.Checks ?? []);
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            ValidateCheck(check);
            check.CheckID ??= check.ID ?? (checks.Count == 1 ? $"service:{id}" : $"service:{id}:{i + 1}");
            check.Name ??= $"Service '{definition.Name}' check";
        }

        Write(idx =>
        {
            _services.TryGetValue(id, out var existing);
            var instance = new ServiceInstance(
                id,
                definition.Name,
                definition.Tags ?? [],
                definition.Address ?? string.Empty,
                definition.Meta ?? [],
                definition.Port,
                definition.Weights ?? new ServiceWeights(1, 1),
                definition.EnableTagOverride,
                string.IsNullOrEmpty(definition.Kind) ? null : definition.Kind,
                definition.Proxy,
                definition.Connect,
                Datacenter,
                existing?.CreateIndex ?? idx,
                idx);
            if (existing is null || !string.Equals(existing.Fingerprint, instance.Fingerprint, StringComparison.Ordinal))
            {
                _services[id] = instance;
                MarkCatalog(idx);
            }

            var wanted = checks.Select(c => c.CheckID!).ToHashSet(StringComparer.Ordinal);
            if (replaceExistingChecks)
            {
                foreach (var stale in _checks.Values.Where(c => c.ServiceID == id && !wanted.Contains(c.CheckID)).ToList())
                {
                    RemoveCheck(idx, stale.CheckID);
                }
            }

            foreach (var check in checks)
            {
                AddCheck(idx, _services[id], check);
            }

            return true;
        });
    }

    /// <summary>Deregisters a service and its checks; false when unknown (the endpoint answers 404).</summary>
    public bool DeregisterService(string id) => Write(idx => RemoveService(idx, id));

    /// <summary>The agent's services by id (without the catalog's own "consul" service).</summary>
    public IReadOnlyDictionary<string, ServiceInstance> AgentServices()
    {
        lock (_gate)
        {
            return _services.Values.Where(s => !s.Internal).OrderBy(s => s.ID, StringComparer.Ordinal).ToDictionary(s => s.ID, StringComparer.Ordinal);
        }
    }

    /// <summary>Service names with the union of their tags.</summary>
    public QueryResult<IReadOnlyDictionary<string, IReadOnlyList<string>>> CatalogServices()
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, IReadOnlyList<string>> map = _services.Values.Concat(_nodeServices.Values)
                .GroupBy(s => s.Service, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(s => s.Tags).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            return new(_catalogIndex, map);
        }
    }

    /// <summary>Instances of a service (all of <paramref name="tags"/> required) as catalog entries.</summary>
    public QueryResult<IReadOnlyList<CatalogServiceEntry>> CatalogService(string name, IReadOnlyList<string> tags)
    {
        lock (_gate)
        {
            var list = NodeInstances(name, tags).Select(e => (e.Node, S: e.Service)).Select(e => new CatalogServiceEntry(
                e.Node.ID, e.Node.Node, e.Node.Address, Datacenter, e.Node.TaggedAddresses, e.Node.Meta, e.S.Kind ?? string.Empty,
                e.S.ID, e.S.Service, e.S.Tags, e.S.Address, e.S.Weights, e.S.Meta, e.S.Port, e.S.EnableTagOverride, e.S.CreateIndex, e.S.ModifyIndex)).ToList();
            return new(_catalogIndex, list);
        }
    }

    /// <summary>Instances of a service with the node and its checks; <paramref name="passing"/> drops any with a non-passing check.</summary>
    public QueryResult<IReadOnlyList<HealthEntry>> HealthService(string name, IReadOnlyList<string> tags, bool passing)
    {
        lock (_gate)
        {
            var list = new List<HealthEntry>();
            foreach (var (node, service, checks) in NodeInstances(name, tags))
            {
                if (passing && checks.Any(c => c.Status != "passing"))
                {
                    continue;
                }

                list.Add(new HealthEntry(node, service, checks));
            }

            return new(_catalogIndex, list);
        }
    }

    /// <summary>The <c>/v1/agent/self</c> document.</summary>
    public AgentSelf Self() => new(
        new AgentConfig(Datacenter, NodeName, _nodeId, Server: true, Version: "1.21.0-dev"),
        new AgentMember(NodeName, NodeAddress, 8301, new Dictionary<string, string>(StringComparer.Ordinal) { ["dc"] = Datacenter, ["role"] = "consul" }, 1));

    private static Dictionary<string, string> TaggedAddresses() => new(StringComparer.Ordinal) { ["lan"] = NodeAddress, ["wan"] = NodeAddress };

    private static void ValidateCheck(CheckDefinition check)
    {
        var kinds = (check.TTL is { Length: > 0 } ? 1 : 0) + (check.HTTP is { Length: > 0 } ? 1 : 0) + (check.TCP is { Length: > 0 } ? 1 : 0);
        if (kinds != 1)
        {
            throw new StoreException(400, "Invalid check: TTL, HTTP or TCP must be set (exactly one)");
        }

        if (check.TTL is { Length: > 0 } ttl && (!GoDuration.TryParse(ttl, out var t) || t <= TimeSpan.Zero))
        {
            throw new StoreException(400, $"Invalid check: TTL '{ttl}' is not a positive duration");
        }

        if (check.TTL is not { Length: > 0 } && (!GoDuration.TryParse(check.Interval, out var interval) || interval <= TimeSpan.Zero))
        {
            throw new StoreException(400, "Invalid check: Interval must be > 0 for HTTP and TCP checks");
        }

        if (check.Status is { Length: > 0 } status && !IsStatus(status))
        {
            throw new StoreException(400, $"Invalid check status '{status}'");
        }
    }

    private static bool IsStatus(string status) => status is "passing" or "warning" or "critical";

    private IEnumerable<ServiceInstance> Instances(string name, IReadOnlyList<string> tags) =>
        _services.Values
            .Where(s => string.Equals(s.Service, name, StringComparison.Ordinal) && tags.All(t => s.Tags.Contains(t, StringComparer.Ordinal)))
            .OrderBy(s => s.ID, StringComparer.Ordinal);

    private bool RemoveService(ulong idx, string id)
    {
        if (!_services.TryGetValue(id, out var service) || service.Internal)
        {
            return false;
        }

        _services.Remove(id);
        foreach (var check in _checks.Values.Where(c => c.ServiceID == id).ToList())
        {
            RemoveCheck(idx, check.CheckID);
        }

        MarkCatalog(idx);
        return true;
    }

    private void MarkCatalog(ulong idx)
    {
        _catalogIndex = idx;
        MarkPersistent();
    }

    private void InitCatalog()
    {
        lock (_gate)
        {
            _services["consul"] = new ServiceInstance("consul", "consul", [], string.Empty, new Dictionary<string, string>(), 8300, new ServiceWeights(1, 1), false, null, null, null, Datacenter, 1, 1) { Internal = true };
            _checks[SerfHealth] = new CheckState(NodeName, SerfHealth, "Serf Health Status", "passing", string.Empty, "Agent alive and reachable", string.Empty, string.Empty, [], string.Empty, string.Empty, string.Empty, 1, 1);
            InitOwnNode();
            _catalogIndex = Math.Max(_catalogIndex, 1);
        }
    }
}
