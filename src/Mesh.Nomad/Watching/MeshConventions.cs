namespace Mesh.Nomad.Watching;

/// <summary>How a Nomad <c>service</c> block talks to the mesh (documented in docs/nomad.md).</summary>
public static class MeshConventions
{
    /// <summary>A service with this tag joins the mesh.</summary>
    public const string OptInTag = "mesh";

    /// <summary>A service whose meta has this key set to <c>true</c> joins the mesh.</summary>
    public const string OptInMetaKey = "mesh";

    /// <summary>Meta key listing upstreams as <c>name:local_port</c> pairs separated by commas.</summary>
    public const string UpstreamsMetaKey = "mesh_upstreams";

    /// <summary>Meta key that subsets usually select on.</summary>
    public const string VersionMetaKey = "version";
}
