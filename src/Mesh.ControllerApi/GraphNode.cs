namespace Mesh.ControllerApi;

/// <summary>One service of the graph.</summary>
/// <param name="Id">The service name.</param>
/// <param name="Kind">Always <c>service</c> for now.</param>
/// <param name="Versions">The versions traffic reached, sorted.</param>
public sealed record GraphNode(string Id, string Kind, IReadOnlyList<string> Versions);
