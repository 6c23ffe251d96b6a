namespace Mesh.TestDoubles.Nomad;

/// <summary>An allocation the test places on the double, with the one task group of its job it runs.</summary>
public sealed class NomadDoubleAllocation
{
    public string Id { get; set; } = Guid.NewGuid().ToString();

    public string Namespace { get; set; } = "default";

    public required string JobId { get; set; }

    public required string TaskGroup { get; set; }

    /// <summary>The index of the allocation within its group (the [n] of its name).</summary>
    public int GroupIndex { get; set; }

    /// <summary>The node it is placed on; null means the double's own node.</summary>
    public string? NodeId { get; set; }

    /// <summary>pending, running, complete, failed or lost.</summary>
    public string ClientStatus { get; set; } = "running";

    /// <summary>run, stop or evict.</summary>
    public string DesiredStatus { get; set; } = "run";

    /// <summary>The host IP of the group's network.</summary>
    public string Ip { get; set; } = "127.0.0.1";

    public List<NomadDoublePort> Ports { get; } = [];

    /// <summary>Group-level services.</summary>
    public List<NomadDoubleService> Services { get; } = [];

    public List<NomadDoubleTask> Tasks { get; } = [];

    /// <summary>job.group[index], Nomad's allocation name.</summary>
    public string Name => $"{JobId}.{TaskGroup}[{GroupIndex}]";

    internal ulong CreateIndex { get; set; }

    internal ulong ModifyIndex { get; set; }
}
