namespace Mesh.Rules.Model;

/// <summary>Which mutual TLS traffic workloads accept.</summary>
public sealed record PeerAuthentication : Resource
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.PeerAuthentication;

    /// <summary>Labels of the workloads; empty means mesh-wide.</summary>
    public ValueDictionary<string> Selector { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>The mode.</summary>
    public MtlsMode? Mode { get; init; }

    /// <summary>Per-port modes, by port number.</summary>
    public ValueDictionary<MtlsMode> PortLevelMtls { get; init; } = ValueDictionary<MtlsMode>.Empty;
}
