namespace Mesh.Rules.Model;

/// <summary>Whether a service entry's service is part of the mesh.</summary>
public enum ServiceLocation
{
    /// <summary><c>mesh_external</c>.</summary>
    MeshExternal,

    /// <summary><c>mesh_internal</c>.</summary>
    MeshInternal,
}
