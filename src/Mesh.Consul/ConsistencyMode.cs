namespace Mesh.Consul;

/// <summary>Consul's read consistency modes.</summary>
public enum ConsistencyMode
{
    /// <summary>The leader answers, without a quorum check (Consul's default).</summary>
    Default,

    /// <summary><c>?consistent</c>: the leader verifies its leadership with a quorum first.</summary>
    Consistent,

    /// <summary><c>?stale</c>: any server answers, possibly with stale data.</summary>
    Stale,
}
