using System.Globalization;
using Mesh.Nomad.Generated;

namespace Mesh.Nomad.Watching;

/// <summary>Finds the opted-in service blocks of an allocation and resolves each to an address and port.</summary>
internal static class MeshedTaskResolver
{
    /// <summary>True while the allocation should be in the mesh: desired to run and not finished on the client.</summary>
    public static bool IsLive(Allocation allocation) =>
        allocation.DesiredStatus is "run" && allocation.ClientStatus is "pending" or "running";

    /// <summary>True when a service block opts in with the <c>mesh</c> tag or <c>mesh = "true"</c> meta.</summary>
    public static bool OptsIn(Service service) =>
        (service.Tags?.Contains(MeshConventions.OptInTag) ?? false)
        || (service.Meta is not null && service.Meta.TryGetValue(MeshConventions.OptInMetaKey, out var value)
            && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The meshed tasks of a live allocation. Services whose port cannot be resolved, or whose task has died,
    /// are left out and described in <paramref name="problems"/>.
    /// </summary>
    public static void Resolve(Allocation allocation, List<MeshedTask> into, List<string> problems)
    {
        var group = allocation.Job?.TaskGroups?.FirstOrDefault(g => g.Name == allocation.TaskGroup);
        if (group is null)
        {
            problems.Add($"allocation {allocation.ID} carries no job definition for group {allocation.TaskGroup}");
            return;
        }

        foreach (var service in group.Services ?? [])
        {
            Add(allocation, taskName: null, service, into, problems);
        }

        foreach (var task in group.Tasks ?? [])
        {
            if (allocation.TaskStates is not null && allocation.TaskStates.TryGetValue(task.Name, out var state) && state?.State == "dead")
            {
                continue;
            }

            foreach (var service in task.Services ?? [])
            {
                Add(allocation, task.Name, service, into, problems);
            }
        }
    }

    private static void Add(Allocation allocation, string? taskName, Service service, List<MeshedTask> into, List<string> problems)
    {
        if (!OptsIn(service))
        {
            return;
        }

        if (!TryResolvePort(allocation.AllocatedResources?.Shared, service.PortLabel, out var address, out var port))
        {
            problems.Add($"service {service.Name} of allocation {allocation.ID} opts into the mesh but its port \"{service.PortLabel}\" is not allocated");
            return;
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in service.Meta ?? [])
        {
            meta[key] = value ?? string.Empty;
        }

        var rejected = new List<string>();
        var upstreams = UpstreamList.Parse(meta.GetValueOrDefault(MeshConventions.UpstreamsMetaKey), rejected);
        foreach (var entry in rejected)
        {
            problems.Add($"service {service.Name} of allocation {allocation.ID}: upstream \"{entry}\" is not name:port (or repeats a name or port) and is ignored");
        }

        into.Add(new MeshedTask(
            allocation.ID,
            allocation.Name ?? string.Empty,
            string.IsNullOrEmpty(allocation.Namespace) ? "default" : allocation.Namespace,
            allocation.JobID ?? string.Empty,
            allocation.TaskGroup ?? string.Empty,
            taskName,
            service.Name,
            address,
            port,
            string.IsNullOrEmpty(service.Provider) ? "consul" : service.Provider,
            service.Tags is null ? [] : [.. service.Tags],
            meta,
            upstreams));
    }

    /// <summary>
    /// A port label resolves through the group's <c>network</c> block: Shared.Ports (Nomad 1.0+) first, then the
    /// reserved and dynamic ports of Shared.Networks; a numeric label is a literal port on the allocation's IP.
    /// </summary>
    internal static bool TryResolvePort(AllocatedSharedResources? shared, string? label, out string address, out int port)
    {
        address = string.Empty;
        port = 0;
        if (shared is null || string.IsNullOrEmpty(label))
        {
            return false;
        }

        foreach (var mapping in shared.Ports ?? [])
        {
            if (mapping.Label == label && mapping.Value > 0)
            {
                address = !string.IsNullOrEmpty(mapping.HostIP) ? mapping.HostIP : FirstNetworkIp(shared) ?? string.Empty;
                port = mapping.Value;
                return address.Length > 0;
            }
        }

        foreach (var network in shared.Networks ?? [])
        {
            foreach (var candidate in (network.ReservedPorts ?? []).Concat(network.DynamicPorts ?? []))
            {
                if (candidate.Label == label && candidate.Value > 0 && !string.IsNullOrEmpty(network.IP))
                {
                    address = network.IP;
                    port = candidate.Value;
                    return true;
                }
            }
        }

        if (int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var literal) && literal is > 0 and <= 65535
            && FirstNetworkIp(shared) is { } ip)
        {
            address = ip;
            port = literal;
            return true;
        }

        return false;
    }

    private static string? FirstNetworkIp(AllocatedSharedResources shared)
    {
        foreach (var network in shared.Networks ?? [])
        {
            if (!string.IsNullOrEmpty(network.IP))
            {
                return network.IP;
            }
        }

        foreach (var mapping in shared.Ports ?? [])
        {
            if (!string.IsNullOrEmpty(mapping.HostIP))
            {
                return mapping.HostIP;
            }
        }

        return null;
    }
}
