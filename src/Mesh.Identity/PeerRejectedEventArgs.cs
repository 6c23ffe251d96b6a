namespace Mesh.Identity;

/// <summary>A peer's certificate was refused during a handshake; <see cref="Reason"/> tells why.</summary>
public sealed class PeerRejectedEventArgs(string reason, SpiffeId? peerId, bool peerIsClient) : EventArgs
{
    /// <summary>Why the certificate was refused, for example "certificate expired at 2025-01-01T00:00:00.0000000+00:00".</summary>
    public string Reason { get; } = reason;

    /// <summary>The SPIFFE id the certificate claimed, if it had one.</summary>
    public SpiffeId? PeerId { get; } = peerId;

    /// <summary>True when this side was the server and refused a client; false when a client refused a server.</summary>
    public bool PeerIsClient { get; } = peerIsClient;
}
