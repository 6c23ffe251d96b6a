namespace Mesh.Rules.Validation;

/// <summary>How an authorization condition key is classified.</summary>
internal enum ConditionKeyKind
{
    /// <summary>Evaluated by the mesh.</summary>
    Supported,

    /// <summary>An Istio key the mesh cannot evaluate.</summary>
    Unsupported,

    /// <summary>Not an Istio key.</summary>
    Unknown,
}
