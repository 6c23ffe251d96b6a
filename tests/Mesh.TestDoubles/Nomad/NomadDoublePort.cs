namespace Mesh.TestDoubles.Nomad;

/// <summary>A port of the group's network block as allocated on the host.</summary>
/// <param name="Label">The port label.</param>
/// <param name="Value">The host port.</param>
/// <param name="To">The port inside the task's network namespace (0 = same).</param>
/// <param name="Reserved">A static port rather than a dynamic one.</param>
public sealed record NomadDoublePort(string Label, int Value, int To = 0, bool Reserved = false);
