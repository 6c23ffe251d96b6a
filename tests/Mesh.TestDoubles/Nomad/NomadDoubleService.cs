namespace Mesh.TestDoubles.Nomad;

/// <summary>A <c>service</c> block of a job, as the double's jobs carry it.</summary>
public sealed class NomadDoubleService
{
    public required string Name { get; set; }

    /// <summary>A port label of the group's network block, or a literal port number.</summary>
    public string? PortLabel { get; set; }

    public List<string> Tags { get; } = [];

    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);

    /// <summary>consul or nomad.</summary>
    public string Provider { get; set; } = "consul";
}
