namespace Mesh.Consul.Sessions;

/// <summary>What happens to a session's locks when it is invalidated.</summary>
public enum SessionBehavior
{
    /// <summary><c>release</c>: the locks are released, the keys stay.</summary>
    Release,

    /// <summary><c>delete</c>: the locked keys are deleted.</summary>
    Delete,
}
