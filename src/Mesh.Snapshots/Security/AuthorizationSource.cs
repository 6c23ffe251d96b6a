namespace Mesh.Snapshots.Security;

/// <summary>
/// The peer a request comes from. Within one field values are alternatives; across fields all must match.
/// Principals are SPIFFE ids (or <c>namespace/service</c>), with <c>*</c> as a prefix or suffix wildcard.
/// </summary>
public sealed record AuthorizationSource
{
    /// <summary>Peer identities that match.</summary>
    public IReadOnlyList<string> Principals { get; init; } = [];

    /// <summary>Peer identities that must not match.</summary>
    public IReadOnlyList<string> NotPrincipals { get; init; } = [];

    /// <summary>Peer namespaces that match.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Peer namespaces that must not match.</summary>
    public IReadOnlyList<string> NotNamespaces { get; init; } = [];

    /// <summary>Peer addresses (CIDR or single address) that match.</summary>
    public IReadOnlyList<string> IpBlocks { get; init; } = [];

    /// <summary>Peer addresses that must not match.</summary>
    public IReadOnlyList<string> NotIpBlocks { get; init; } = [];

    /// <summary>
    /// Original client addresses that match (Istio's <c>remoteIpBlocks</c>). The inbound listener does not trust
    /// <c>X-Forwarded-For</c>, so the remote address is the connection's peer address, as for <see cref="IpBlocks"/>.
    /// </summary>
    public IReadOnlyList<string> RemoteIpBlocks { get; init; } = [];

    /// <summary>Original client addresses that must not match.</summary>
    public IReadOnlyList<string> NotRemoteIpBlocks { get; init; } = [];
}
