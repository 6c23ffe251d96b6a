using Mesh.Snapshots;

namespace Mesh.Agent.Snapshots;

/// <summary>What the agent serves for one destination host, and the last snapshot it refused, if any.</summary>
/// <param name="Host">The destination host.</param>
/// <param name="Current">The snapshot serving traffic (the last good one).</param>
/// <param name="Origin">Where <paramref name="Current"/> came from: <c>consul</c>, <c>saved</c> (disk, Consul unreachable) or <c>default</c> (no compiled snapshot).</param>
/// <param name="RejectedError">Why the latest snapshot from Consul was refused; null when it was applied.</param>
/// <param name="RejectedVersion">The refused snapshot's version, when its document names one.</param>
internal sealed record HostSnapshotState(string Host, ProxySnapshot? Current, string Origin, string? RejectedError, string? RejectedVersion = null)
{
    /// <summary>The origin of a host without a compiled snapshot, served by <see cref="DefaultSnapshot"/>.</summary>
    public const string DefaultOrigin = "default";

    /// <summary>The compiled snapshot the host serves; null when it serves the default (no rule compiled for it).</summary>
    public ProxySnapshot? Compiled => Origin == DefaultOrigin ? null : Current;
}
