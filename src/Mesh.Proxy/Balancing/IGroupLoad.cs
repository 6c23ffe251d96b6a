namespace Mesh.Proxy.Balancing;

/// <summary>Traffic shares of locality groups computed at one availability version, valid until either changes.</summary>
internal interface IGroupLoad
{
    /// <summary>The groups the shares were computed for.</summary>
    LocalityGroups Groups { get; }

    /// <summary>The <see cref="Endpoints.EndpointState.AvailabilityVersion"/> read before the shares were computed.</summary>
    long Version { get; }
}
