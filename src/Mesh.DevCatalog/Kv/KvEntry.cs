using System.Text.Json.Serialization;

namespace Mesh.DevCatalog.Kv;

/// <summary>One stored key, in Consul's wire order and names (<c>Value</c> is base64 or null; <c>Session</c> is omitted when unlocked).</summary>
internal sealed record KvEntry(
    ulong LockIndex,
    string Key,
    ulong Flags,
    byte[]? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Session,
    ulong CreateIndex,
    ulong ModifyIndex)
{
    /// <summary>True when both entries hold the same content, so writing one over the other changes nothing.</summary>
    public bool SameContent(KvEntry other) =>
        string.Equals(Key, other.Key, StringComparison.Ordinal)
        && Flags == other.Flags
        && LockIndex == other.LockIndex
        && string.Equals(Session, other.Session, StringComparison.Ordinal)
        && (Value ?? []).AsSpan().SequenceEqual(other.Value ?? []);

    /// <summary>A copy without the value, as transaction write results carry.</summary>
    public KvEntry WithoutValue() => this with { Value = null };
}
