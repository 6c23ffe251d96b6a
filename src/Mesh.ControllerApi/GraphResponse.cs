namespace Mesh.ControllerApi;

/// <summary>The service graph (<c>GET /v1/graph</c>): services and the live traffic between them.</summary>
/// <param name="Nodes">Every service that sent or received traffic recently, sorted by id.</param>
/// <param name="Edges">Every pair of services with recent traffic, sorted by source then destination.</param>
/// <param name="GeneratedAt">When the controller computed the graph.</param>
public sealed record GraphResponse(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, DateTimeOffset GeneratedAt);
