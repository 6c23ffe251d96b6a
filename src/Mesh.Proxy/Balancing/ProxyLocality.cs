namespace Mesh.Proxy.Balancing;

/// <summary>
/// Where this proxy runs (<c>region/zone/subzone</c>), for locality-aware load balancing. Register one as a
/// singleton (the agent takes it from its Nomad/Consul node meta); without it, or with an empty value, every
/// endpoint has the same priority.
/// </summary>
public sealed class ProxyLocality
{
    /// <summary>Creates the locality from <c>region/zone/subzone</c> (zone and subzone optional).</summary>
    public ProxyLocality(string? locality)
    {
        Value = locality?.Trim() ?? "";
        Name = LocalityName.Parse(Value);
    }

    /// <summary>The locality as given.</summary>
    public string Value { get; }

    /// <summary>The parsed locality.</summary>
    internal LocalityName Name { get; }
}
