namespace Mesh.TestDoubles.Nomad;

/// <summary>A task of the double's task group, with its own services and its state on the client.</summary>
public sealed class NomadDoubleTask
{
    public required string Name { get; set; }

    public string Driver { get; set; } = "exec";

    /// <summary>pending, running or dead (TaskStates[name].State).</summary>
    public string State { get; set; } = "running";

    public List<NomadDoubleService> Services { get; } = [];
}
