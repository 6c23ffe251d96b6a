using Mesh.Identity;

namespace Mesh.Agent.Listeners;

/// <summary>Set on each inbound connection: whether it arrived over mTLS and the peer's SPIFFE id.</summary>
internal sealed record MeshPeerFeature(bool MutualTls, SpiffeId? Peer);
