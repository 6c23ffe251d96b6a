namespace Mesh.Nomad.Watching;

/// <summary>A change the <see cref="AllocationWatcher"/> observed.</summary>
/// <param name="Kind">Upserted or removed.</param>
/// <param name="Task">The task as it is now (upserted) or as it was last seen (removed).</param>
public sealed record MeshedTaskChange(MeshedTaskChangeKind Kind, MeshedTask Task);
