namespace Mesh.DevCatalog.Sessions;

/// <summary>The answer of <c>PUT /v1/session/create</c>.</summary>
internal sealed record SessionCreated(string ID);
