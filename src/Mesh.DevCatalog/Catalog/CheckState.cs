using System.Text.Json.Serialization;

namespace Mesh.DevCatalog.Catalog;

/// <summary>A health check with its current status, serialised as Consul's health check object; definition fields are not on the wire.</summary>
internal sealed record CheckState(
    string Node,
    string CheckID,
    string Name,
    string Status,
    string Notes,
    string Output,
    string ServiceID,
    string ServiceName,
    IReadOnlyList<string> ServiceTags,
    string Type,
    string Interval,
    string Timeout,
    ulong CreateIndex,
    ulong ModifyIndex)
{
    /// <summary>The definition it was registered with (null for the node's serfHealth).</summary>
    [JsonIgnore]
    public CheckDefinition? Definition { get; init; }

    /// <summary>Consecutive probe successes (for SuccessBeforePassing).</summary>
    [JsonIgnore]
    public int Successes { get; init; }

    /// <summary>Consecutive probe failures (for FailuresBeforeCritical).</summary>
    [JsonIgnore]
    public int Failures { get; init; }
}
