namespace Mesh.Vault;

/// <summary>The state <c>GET /v1/sys/health</c> reports through its status code.</summary>
public enum VaultHealthStatus
{
    /// <summary>Any other status code (for example 472, a DR secondary).</summary>
    Unknown = 0,

    /// <summary>200: initialised, unsealed and active.</summary>
    Active,

    /// <summary>429: unsealed standby.</summary>
    Standby,

    /// <summary>473: performance standby.</summary>
    PerformanceStandby,

    /// <summary>501: not initialised.</summary>
    NotInitialized,

    /// <summary>503: sealed.</summary>
    Sealed,

    /// <summary>No HTTP answer at all (connection refused, TLS failure, timeout).</summary>
    Unreachable,
}
