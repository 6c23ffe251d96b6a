namespace Mesh.Rules.Model;

/// <summary>The mutual TLS mode a workload accepts.</summary>
public enum MtlsMode
{
    /// <summary><c>unset</c>.</summary>
    Unset,

    /// <summary><c>disable</c>.</summary>
    Disable,

    /// <summary><c>permissive</c>.</summary>
    Permissive,

    /// <summary><c>strict</c>.</summary>
    Strict,
}
