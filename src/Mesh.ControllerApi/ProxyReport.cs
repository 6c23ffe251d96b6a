using System.Text.Json.Serialization;

namespace Mesh.ControllerApi;

/// <summary>
/// What an agent writes under <c>mesh/proxies/&lt;node&gt;/&lt;service&gt;</c> (Istio's proxy-status): per host the
/// service's proxy uses (the service itself and its upstreams), the snapshot version it serves and the one it refused.
/// The controller compares each host's version with <c>mesh/compiled/&lt;host&gt;</c>.
/// </summary>
public sealed record ProxyReport
{
    private static readonly IReadOnlyDictionary<string, string> NoVersions = new Dictionary<string, string>(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, ProxyRejection> NoRejections = new Dictionary<string, ProxyRejection>(StringComparer.Ordinal);

    /// <summary>Host → the version of the snapshot serving traffic (empty when absent or null in the JSON).</summary>
    [JsonPropertyName("applied")]
    public IReadOnlyDictionary<string, string> Applied { get; init => field = value ?? NoVersions; } = NoVersions;

    /// <summary>Host → the latest snapshot the proxy refused (the previous one keeps serving) and why (empty when absent or null).</summary>
    [JsonPropertyName("rejected")]
    public IReadOnlyDictionary<string, ProxyRejection> Rejected { get; init => field = value ?? NoRejections; } = NoRejections;

    /// <summary>When the agent wrote the report.</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When the earliest certificate of the service's current workload certificate chain expires, when one is in place.</summary>
    [JsonPropertyName("certificate_not_after")]
    public DateTimeOffset? CertificateNotAfter { get; init; }
}
