using Mesh.ControllerApi;

namespace Mesh.Controller.Compilation;

/// <summary>The resources a bundle declares and what validation found.</summary>
/// <param name="Resources">Every resource of the bundle, canonicalised.</param>
/// <param name="Diagnostics">Errors (which reject the apply) and warnings.</param>
public sealed record BundleEvaluation(IReadOnlyList<DesiredResource> Resources, IReadOnlyList<DiagnosticDto> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => string.Equals(d.Severity, "error", StringComparison.OrdinalIgnoreCase));
}
