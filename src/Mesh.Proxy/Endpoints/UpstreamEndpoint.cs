using System.Collections.Frozen;

namespace Mesh.Proxy.Endpoints;

/// <summary>One live instance of a service, as the catalog reports it.</summary>
public sealed record UpstreamEndpoint
{
    /// <summary>IP address or DNS name.</summary>
    public required string Address { get; init; }

    /// <summary>TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>Instance meta and <c>key=value</c> tags; subsets select on these.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Locality <c>region/zone/subzone</c>, empty when unknown.</summary>
    public string Locality { get; init; } = "";

    /// <summary>False when the catalog's health checks fail; such endpoints never receive traffic.</summary>
    public bool Healthy { get; init; } = true;

    /// <summary>
    /// Load-balancing weight (Envoy's <c>load_balancing_weight</c>): the endpoint's share of traffic, and of ring and
    /// maglev slots, is proportional to it. Zero or negative means 1.
    /// </summary>
    public int Weight
    {
        get;
        init => field = value <= 0 ? 1 : value;
    } = 1;

    /// <summary>The <c>address:port</c> key that identifies the endpoint across updates.</summary>
    public string Key => Address + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
