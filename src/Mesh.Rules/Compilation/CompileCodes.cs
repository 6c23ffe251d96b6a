namespace Mesh.Rules.Compilation;

/// <summary>The stable codes of compile findings (the validator's codes are in <see cref="Validation.RuleCodes"/>).</summary>
public static class CompileCodes
{
    /// <summary>A destination rule subset selects no instance of its service.</summary>
    public const string EmptySubset = "MESH0301";

    /// <summary>A route sends traffic to a host that is neither a catalog service nor a service entry host.</summary>
    public const string UnknownDestination = "MESH0302";

    /// <summary>Several destination rules apply to one host; the first by name is used.</summary>
    public const string DuplicateDestinationRule = "MESH0303";

    /// <summary>A setting the proxies cannot carry out yet is dropped (for example a custom authorization action).</summary>
    public const string Unsupported = "MESH0304";
}
