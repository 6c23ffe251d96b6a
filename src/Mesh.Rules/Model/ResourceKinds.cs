namespace Mesh.Rules.Model;

/// <summary>The HCL block types of the resource kinds.</summary>
public static class ResourceKinds
{
    /// <summary><c>gateway</c>.</summary>
    public const string Gateway = "gateway";

    /// <summary><c>virtual_service</c>.</summary>
    public const string VirtualService = "virtual_service";

    /// <summary><c>destination_rule</c>.</summary>
    public const string DestinationRule = "destination_rule";

    /// <summary><c>service_entry</c>.</summary>
    public const string ServiceEntry = "service_entry";

    /// <summary><c>peer_authentication</c>.</summary>
    public const string PeerAuthentication = "peer_authentication";

    /// <summary><c>authorization_policy</c>.</summary>
    public const string AuthorizationPolicy = "authorization_policy";

    /// <summary>All kinds, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Gateway, VirtualService, DestinationRule, ServiceEntry, PeerAuthentication, AuthorizationPolicy];
}
