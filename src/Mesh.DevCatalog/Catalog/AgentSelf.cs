namespace Mesh.DevCatalog.Catalog;

/// <summary>The subset of <c>/v1/agent/self</c> clients read.</summary>
internal sealed record AgentSelf(AgentConfig Config, AgentMember Member);
