namespace Mesh.DevCatalog.Catalog;

/// <summary>The <c>Config</c> object of <c>/v1/agent/self</c>.</summary>
internal sealed record AgentConfig(string Datacenter, string NodeName, string NodeID, bool Server, string Version);
