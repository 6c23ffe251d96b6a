using System.Text.Json.Serialization;

namespace Mesh.Snapshots.Clusters;

/// <summary>Simple load balancing algorithms.</summary>
public enum LoadBalancerKind
{
    /// <summary>Least outstanding requests (power of two choices).</summary>
    [JsonStringEnumMemberName("least_request")] LeastRequest,

    /// <summary>Round robin.</summary>
    [JsonStringEnumMemberName("round_robin")] RoundRobin,

    /// <summary>Uniformly random.</summary>
    [JsonStringEnumMemberName("random")] Random,

    /// <summary>Forward to the address the client asked for, without choosing an endpoint.</summary>
    [JsonStringEnumMemberName("passthrough")] Passthrough,
}
