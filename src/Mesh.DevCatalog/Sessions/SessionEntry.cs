using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.DevCatalog.Sessions;

/// <summary>A session as Consul returns it from <c>/v1/session/info</c> (LockDelay in nanoseconds, TTL as given).</summary>
internal sealed record SessionEntry(
    string ID,
    string Name,
    string Node,
    long LockDelay,
    string Behavior,
    string TTL,
    IReadOnlyList<string> NodeChecks,
    IReadOnlyList<JsonElement>? ServiceChecks,
    ulong CreateIndex,
    ulong ModifyIndex)
{
    /// <summary>The lock delay as a time span.</summary>
    [JsonIgnore]
    public TimeSpan LockDelaySpan => TimeSpan.FromTicks(LockDelay / 100);
}
