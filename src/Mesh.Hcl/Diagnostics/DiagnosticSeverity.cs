namespace Mesh.Hcl.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input cannot be used.</summary>
    Error,

    /// <summary>The input can be used, but probably does not mean what its author intended.</summary>
    Warning,
}
