namespace Mesh.Controller.Storage;

/// <summary>Where a stored resource came from; an apply with prune removes only resources of its own origin.</summary>
public static class Origins
{
    /// <summary>Reconciled from <c>rules_dir</c> by the leader.</summary>
    public const string RulesDir = "rules_dir";
}
