namespace Mesh.Nomad.Watching;

/// <summary>What happened to a meshed task.</summary>
public enum MeshedTaskChangeKind
{
    /// <summary>The task is new to the mesh, or its address, port, tags, meta or upstreams changed.</summary>
    Upserted,

    /// <summary>The task left the mesh: its allocation stopped, failed, was lost or is gone, or it no longer opts in.</summary>
    Removed,
}
