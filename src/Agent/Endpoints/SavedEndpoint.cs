namespace Mesh.Agent.Endpoints;

/// <summary>One endpoint as kept on disk, so a restart while Consul is down still knows where to send traffic.</summary>
internal sealed record SavedEndpoint(string Address, int Port, Dictionary<string, string> Labels, string? PeerNamespace, string? PeerService, string? Locality = null, int Weight = 1);
