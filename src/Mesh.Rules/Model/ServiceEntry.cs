namespace Mesh.Rules.Model;

/// <summary>A service added to the mesh's registry, usually an external one.</summary>
public sealed record ServiceEntry : Resource
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.ServiceEntry;

    /// <summary>The hosts.</summary>
    public ValueList<string> Hosts { get; init; } = ValueList<string>.Empty;

    /// <summary>Virtual addresses.</summary>
    public ValueList<string> Addresses { get; init; } = ValueList<string>.Empty;

    /// <summary>The ports (<c>port</c> blocks).</summary>
    public ValueList<ServicePort> Ports { get; init; } = ValueList<ServicePort>.Empty;

    /// <summary>Whether the service is inside the mesh.</summary>
    public ServiceLocation? Location { get; init; }

    /// <summary>How endpoints are found.</summary>
    public ServiceResolution? Resolution { get; init; }

    /// <summary>Static endpoints (<c>endpoint</c> blocks).</summary>
    public ValueList<WorkloadEntry> Endpoints { get; init; } = ValueList<WorkloadEntry>.Empty;

    /// <summary>Accepted server identities.</summary>
    public ValueList<string> SubjectAltNames { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the entry is visible.</summary>
    public ValueList<string> ExportTo { get; init; } = ValueList<string>.Empty;
}
