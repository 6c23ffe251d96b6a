using Mesh.DevCatalog.Catalog;

namespace Mesh.DevCatalog;

/// <summary>
/// Nodes besides the catalog's own (which plays the local agent): <c>/v1/catalog/register</c> creates them with their
/// meta, services and checks, <c>/v1/catalog/deregister</c> removes them. Their checks are set by the caller, never probed.
/// </summary>
internal sealed partial class CatalogStore
{
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Node, string Id), ServiceInstance> _nodeServices = [];
    private readonly Dictionary<(string Node, string Id), CheckState> _nodeChecks = [];

    /// <summary>Sets the meta of the catalog's own node (<c>mesh-region</c>, <c>mesh-zone</c>, ...).</summary>
    public void SetOwnNodeMeta(IReadOnlyDictionary<string, string> meta) => Write(idx =>
    {
        var own = _nodes[NodeName];
        _nodes[NodeName] = own with { Meta = new Dictionary<string, string>(meta, StringComparer.Ordinal), ModifyIndex = idx };
        MarkCatalog(idx);
        return true;
    });

    /// <summary>Registers a node, and optionally a service and checks on it; invalid bodies are a 400.</summary>
    public void CatalogRegister(CatalogRegistration registration)
    {
        var nodeName = registration.Node is { Length: > 0 } n ? n : throw new StoreException(400, "Must provide node");
        var service = registration.Service;
        if (service is not null && string.IsNullOrEmpty(service.Service))
        {
            throw new StoreException(400, "Must provide service name");
        }

        var checks = new List<CatalogRegistrationCheck>();
        if (registration.Check is not null)
        {
            checks.Add(registration.Check);
        }

        checks.AddRange(registration.Checks ?? []);
        foreach (var check in checks)
        {
            if (check.Status is { Length: > 0 } status && !IsStatus(status))
            {
                throw new StoreException(400, $"Invalid check status '{status}'");
            }

            if (string.IsNullOrEmpty(check.CheckID) && string.IsNullOrEmpty(check.Name))
            {
                throw new StoreException(400, "Missing check ID");
            }
        }

        Write(idx =>
        {
            var node = UpsertNode(idx, nodeName, registration);
            if (service is not null)
            {
                var id = string.IsNullOrEmpty(service.ID) ? service.Service! : service.ID;
                _nodeServices.TryGetValue((node.Node, id), out var existing);
                var instance = new ServiceInstance(
                    id, service.Service!, service.Tags ?? [], service.Address ?? string.Empty, service.Meta ?? [], service.Port,
                    service.Weights ?? new ServiceWeights(1, 1), service.EnableTagOverride, string.IsNullOrEmpty(service.Kind) ? null : service.Kind,
                    null, null, Datacenter, existing?.CreateIndex ?? idx, idx);
                if (existing is null || !string.Equals(existing.Fingerprint, instance.Fingerprint, StringComparison.Ordinal))
                {
                    _nodeServices[(node.Node, id)] = instance;
                    MarkCatalog(idx);
                }
            }

            foreach (var check in checks)
            {
                UpsertNodeCheck(idx, node.Node, check);
            }

            return true;
        });
    }

    /// <summary>Removes a node with its services and checks, or one of its services (with its checks), or one check.</summary>
    public void CatalogDeregister(CatalogDeregistration deregistration)
    {
        var nodeName = deregistration.Node is { Length: > 0 } n ? n : throw new StoreException(400, "Must provide node");
        Write(idx =>
        {
            if (!_nodes.TryGetValue(nodeName, out var node))
            {
                return true;
            }

            if (deregistration.ServiceID is { Length: > 0 } serviceId)
            {
                if (_nodeServices.Remove((node.Node, serviceId)))
                {
                    RemoveNodeChecks(idx, k => k.Node == node.Node && _nodeChecks[k].ServiceID == serviceId);
                    MarkCatalog(idx);
                }
                else if (IsOwn(node.Node))
                {
                    RemoveService(idx, serviceId);
                }
            }
            else if (deregistration.CheckID is { Length: > 0 } checkId)
            {
                RemoveNodeChecks(idx, k => k == (node.Node, checkId));
            }
            else
            {
                foreach (var key in _nodeServices.Keys.Where(k => k.Node == node.Node).ToList())
                {
                    _nodeServices.Remove(key);
                }

                RemoveNodeChecks(idx, k => k.Node == node.Node);
                if (!IsOwn(node.Node))
                {
                    _nodes.Remove(node.Node);
                }

                MarkCatalog(idx);
            }

            return true;
        });
    }

    private bool IsOwn(string node) => string.Equals(node, NodeName, StringComparison.OrdinalIgnoreCase);

    private NodeInfo UpsertNode(ulong idx, string name, CatalogRegistration registration)
    {
        var exists = _nodes.TryGetValue(name, out var existing);
        if (exists && registration.SkipNodeUpdate)
        {
            return existing!;
        }

        if (string.IsNullOrEmpty(registration.Address) && !(exists && IsOwn(name)))
        {
            throw new StoreException(400, "Must provide address");
        }

        var node = new NodeInfo(
            existing?.ID ?? (string.IsNullOrEmpty(registration.ID) ? Guid.NewGuid().ToString() : registration.ID),
            existing?.Node ?? name,
            string.IsNullOrEmpty(registration.Address) ? existing!.Address : registration.Address,
            Datacenter,
            registration.TaggedAddresses ?? existing?.TaggedAddresses ?? new Dictionary<string, string>(StringComparer.Ordinal),
            registration.NodeMeta ?? existing?.Meta ?? new Dictionary<string, string>(StringComparer.Ordinal),
            existing?.CreateIndex ?? idx,
            idx);
        if (existing is null || !SameNode(existing, node))
        {
            _nodes[node.Node] = node;
            MarkCatalog(idx);
        }

        return _nodes[node.Node];
    }

    private static bool SameNode(NodeInfo a, NodeInfo b) =>
        a.Address == b.Address && a.ID == b.ID
        && a.Meta.Count == b.Meta.Count && a.Meta.All(kv => b.Meta.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && a.TaggedAddresses.Count == b.TaggedAddresses.Count && a.TaggedAddresses.All(kv => b.TaggedAddresses.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private void UpsertNodeCheck(ulong idx, string node, CatalogRegistrationCheck check)
    {
        var id = string.IsNullOrEmpty(check.CheckID) ? check.Name! : check.CheckID;
        var serviceId = check.ServiceID ?? string.Empty;
        ServiceInstance? service = null;
        if (serviceId.Length > 0 && !_nodeServices.TryGetValue((node, serviceId), out service) && IsOwn(node))
        {
            _services.TryGetValue(serviceId, out service);
        }

        _nodeChecks.TryGetValue((node, id), out var existing);
        var state = new CheckState(
            node, id, check.Name ?? id, check.Status is { Length: > 0 } s ? s : "critical", check.Notes ?? string.Empty, check.Output ?? string.Empty,
            serviceId, service?.Service ?? string.Empty, service?.Tags ?? [], string.Empty, string.Empty, string.Empty,
            existing?.CreateIndex ?? idx, idx);
        if (existing is null || existing with { ModifyIndex = idx } != state)
        {
            _nodeChecks[(node, id)] = state;
            MarkCatalog(idx);
        }
    }

    private void RemoveNodeChecks(ulong idx, Func<(string Node, string Id), bool> which)
    {
        var keys = _nodeChecks.Keys.Where(which).ToList();
        foreach (var key in keys)
        {
            _nodeChecks.Remove(key);
        }

        if (keys.Count > 0)
        {
            MarkCatalog(idx);
        }
    }

    /// <summary>Every instance of <paramref name="name"/> with all of <paramref name="tags"/>, on any node, with its node and checks.</summary>
    private IEnumerable<(NodeInfo Node, ServiceInstance Service, List<CheckState> Checks)> NodeInstances(string name, IReadOnlyList<string> tags)
    {
        var own = _nodes[NodeName];
        foreach (var service in Instances(name, tags))
        {
            var checks = new List<CheckState> { _checks[SerfHealth] };
            checks.AddRange(_nodeChecks.Values.Where(c => IsOwn(c.Node) && c.ServiceID.Length == 0));
            checks.AddRange(_checks.Values.Where(c => c.ServiceID == service.ID).OrderBy(c => c.CheckID, StringComparer.Ordinal));
            yield return (own, service, checks);
        }

        foreach (var ((nodeName, _), service) in _nodeServices
            .Where(e => string.Equals(e.Value.Service, name, StringComparison.Ordinal) && tags.All(t => e.Value.Tags.Contains(t, StringComparer.Ordinal)))
            .OrderBy(e => e.Key.Node, StringComparer.Ordinal).ThenBy(e => e.Key.Id, StringComparer.Ordinal))
        {
            var node = _nodes[nodeName];
            var checks = new List<CheckState>();
            if (IsOwn(nodeName))
            {
                checks.Add(_checks[SerfHealth]);
            }

            checks.AddRange(_nodeChecks.Values
                .Where(c => string.Equals(c.Node, nodeName, StringComparison.OrdinalIgnoreCase) && (c.ServiceID.Length == 0 || c.ServiceID == service.ID))
                .OrderBy(c => c.CheckID, StringComparer.Ordinal));
            yield return (node, service, checks);
        }
    }

    /// <summary>The catalog's own node, with the meta from the options.</summary>
    private void InitOwnNode() =>
        _nodes[NodeName] = new NodeInfo(_nodeId, NodeName, NodeAddress, Datacenter, TaggedAddresses(), new Dictionary<string, string>(StringComparer.Ordinal), 1, 1);
}
