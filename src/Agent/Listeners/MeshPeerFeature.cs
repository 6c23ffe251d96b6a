using Mesh.Identity;

namespace Mesh.Agent.Listeners;

/// <summary>Set on each inbound connection: whether it arrived over mTLS, the peer's SPIFFE id and the SNI it sent.</summary>
internal sealed record MeshPeerFeature(bool MutualTls, SpiffeId? Peer, string? Sni = null);
