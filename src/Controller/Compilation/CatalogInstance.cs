namespace Mesh.Controller.Compilation;

/// <summary>One instance of a catalog service.</summary>
/// <param name="Node">The Consul node it runs on.</param>
/// <param name="ServiceId">The instance's service id.</param>
/// <param name="Address">The address to reach it.</param>
/// <param name="Port">The port.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Meta">Its metadata.</param>
/// <param name="Healthy">True when all its checks pass.</param>
public sealed record CatalogInstance(
    string Node,
    string ServiceId,
    string Address,
    int Port,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Meta,
    bool Healthy);
