namespace Mesh.Rules.Model;

/// <summary>Where a request comes from (<c>from</c> block).</summary>
public sealed record RuleSource
{
    /// <summary>Peer identities.</summary>
    public ValueList<string> Principals { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded peer identities.</summary>
    public ValueList<string> NotPrincipals { get; init; } = ValueList<string>.Empty;

    /// <summary>Request (JWT) identities.</summary>
    public ValueList<string> RequestPrincipals { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded request identities.</summary>
    public ValueList<string> NotRequestPrincipals { get; init; } = ValueList<string>.Empty;

    /// <summary>Peer namespaces.</summary>
    public ValueList<string> Namespaces { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded namespaces.</summary>
    public ValueList<string> NotNamespaces { get; init; } = ValueList<string>.Empty;

    /// <summary>Peer addresses (CIDR).</summary>
    public ValueList<string> IpBlocks { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded peer addresses.</summary>
    public ValueList<string> NotIpBlocks { get; init; } = ValueList<string>.Empty;

    /// <summary>Original client addresses.</summary>
    public ValueList<string> RemoteIpBlocks { get; init; } = ValueList<string>.Empty;

    /// <summary>Excluded client addresses.</summary>
    public ValueList<string> NotRemoteIpBlocks { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
