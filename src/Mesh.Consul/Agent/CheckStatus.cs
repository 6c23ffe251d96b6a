namespace Mesh.Consul.Agent;

/// <summary>The status of a health check.</summary>
public enum CheckStatus
{
    /// <summary><c>passing</c>.</summary>
    Passing,

    /// <summary><c>warning</c>.</summary>
    Warning,

    /// <summary><c>critical</c>.</summary>
    Critical,
}
