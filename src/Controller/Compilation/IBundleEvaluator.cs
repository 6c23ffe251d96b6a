using Mesh.Controller.Storage;
using Mesh.ControllerApi;

namespace Mesh.Controller.Compilation;

/// <summary>
/// Parses, decodes and validates a rules bundle (the same code as <c>meshctl validate</c>), checking references
/// against what is already stored. Errors in <see cref="BundleEvaluation.Diagnostics"/> reject the apply.
/// </summary>
public interface IBundleEvaluator
{
    /// <summary>Evaluates <paramref name="request"/> against the committed resources <paramref name="stored"/>.</summary>
    BundleEvaluation Evaluate(ApplyRequest request, IReadOnlyList<StoredResource> stored);
}
