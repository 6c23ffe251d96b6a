namespace Mesh.Nomad.Watching;

/// <summary>
/// One Nomad <c>service</c> block that opted into the mesh, resolved to the allocation that runs it:
/// what the agent registers, listens for and routes to.
/// </summary>
public sealed class MeshedTask
{
    /// <summary>Creates a meshed task.</summary>
    public MeshedTask(
        string allocationId,
        string allocationName,
        string @namespace,
        string jobId,
        string taskGroup,
        string? taskName,
        string serviceName,
        string address,
        int port,
        string provider,
        IReadOnlyList<string> tags,
        IReadOnlyDictionary<string, string> meta,
        IReadOnlyList<MeshUpstream> upstreams)
    {
        AllocationId = allocationId;
        AllocationName = allocationName;
        Namespace = @namespace;
        JobId = jobId;
        TaskGroup = taskGroup;
        TaskName = taskName;
        ServiceName = serviceName;
        Address = address;
        Port = port;
        Provider = provider;
        Tags = tags;
        Meta = meta;
        Upstreams = upstreams;
    }

    /// <summary>A key unique on the node: allocation, task (or group) and service name.</summary>
    public string Key => AllocationId + "/" + (TaskName ?? TaskGroup) + "/" + ServiceName;

    /// <summary>The allocation's full ID.</summary>
    public string AllocationId { get; }

    /// <summary>The allocation's name, <c>job.group[index]</c>.</summary>
    public string AllocationName { get; }

    /// <summary>The Nomad namespace, which is also the mesh namespace of the task's identity.</summary>
    public string Namespace { get; }

    /// <summary>The job's ID.</summary>
    public string JobId { get; }

    /// <summary>The task group.</summary>
    public string TaskGroup { get; }

    /// <summary>The task whose <c>service</c> block this is; null for a group-level service.</summary>
    public string? TaskName { get; }

    /// <summary>The service's name.</summary>
    public string ServiceName { get; }

    /// <summary>The host IP the allocation's port is bound to.</summary>
    public string Address { get; }

    /// <summary>The host port the service's <c>port</c> label resolved to.</summary>
    public int Port { get; }

    /// <summary>Where Nomad registers the service itself: <c>consul</c> or <c>nomad</c>.</summary>
    public string Provider { get; }

    /// <summary>The service's tags, the <c>mesh</c> tag included.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The service's meta (for example <c>version</c>, which subsets select on).</summary>
    public IReadOnlyDictionary<string, string> Meta { get; }

    /// <summary>The upstreams declared in the <c>mesh_upstreams</c> meta key.</summary>
    public IReadOnlyList<MeshUpstream> Upstreams { get; }

    /// <summary>The version meta value, or null.</summary>
    public string? Version => Meta.TryGetValue(MeshConventions.VersionMetaKey, out var version) ? version : null;

    /// <summary>True when every field equals <paramref name="other"/>'s (lists in order, meta as a set).</summary>
    internal bool SameAs(MeshedTask other)
    {
        if (Key != other.Key || AllocationName != other.AllocationName || Namespace != other.Namespace || JobId != other.JobId
            || Address != other.Address || Port != other.Port || Provider != other.Provider
            || !Tags.SequenceEqual(other.Tags, StringComparer.Ordinal) || !Upstreams.SequenceEqual(other.Upstreams)
            || Meta.Count != other.Meta.Count)
        {
            return false;
        }

        foreach (var (key, value) in Meta)
        {
            if (!other.Meta.TryGetValue(key, out var otherValue) || !string.Equals(value, otherValue, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{ServiceName} ({Key}) at {Address}:{Port}";
}
