namespace Mesh.Snapshots.Security;

/// <summary>How a workload's inbound listener authenticates peers and authorizes requests.</summary>
public sealed record InboundPolicy
{
    /// <summary>Whether mutual TLS is required.</summary>
    public PeerAuthenticationMode Mode { get; init; } = PeerAuthenticationMode.Permissive;

    /// <summary>The authorization policies selecting the workload, evaluated deny first, then allow; audit ones only log.</summary>
    public IReadOnlyList<AuthorizationPolicy> Policies { get; init; } = [];
}
