namespace Mesh.Consul.Locking;

/// <summary>Raised when a <see cref="LeaderElection"/> gains or loses leadership.</summary>
/// <param name="isLeader">Whether this instance is now the leader.</param>
public sealed class LeadershipChangedEventArgs(bool isLeader) : EventArgs
{
    /// <summary>Whether this instance is now the leader.</summary>
    public bool IsLeader { get; } = isLeader;
}
