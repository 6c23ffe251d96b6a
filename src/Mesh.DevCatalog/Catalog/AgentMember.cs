namespace Mesh.DevCatalog.Catalog;

/// <summary>The <c>Member</c> object of <c>/v1/agent/self</c> (Serf member; Status 1 is alive).</summary>
internal sealed record AgentMember(string Name, string Addr, int Port, IReadOnlyDictionary<string, string> Tags, int Status);
