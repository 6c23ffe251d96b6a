using Mesh.Controller.Compilation;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;

namespace Mesh.Controller.Tests;

/// <summary>
/// A stand-in for the rule language: every line <c>kind name value</c> declares a resource; a line
/// <c>error message</c> is a validation error.
/// </summary>
internal sealed class FakeBundleEvaluator : IBundleEvaluator
{
    /// <summary>Runs after the controller read the stored state and before it stores anything (races in tests).</summary>
    public Action? OnEvaluate { get; set; }

    public BundleEvaluation Evaluate(ApplyRequest request, IReadOnlyList<StoredResource> stored)
    {
        OnEvaluate?.Invoke();
        var resources = new List<DesiredResource>();
        var diagnostics = new List<DiagnosticDto>();
        foreach (var file in request.Files)
        {
            var lineNumber = 0;
            foreach (var line in file.Content.Split('\n', StringSplitOptions.TrimEntries))
            {
                lineNumber++;
                var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0)
                {
                    continue;
                }

                if (parts[0] == "error")
                {
                    var position = new PositionDto(lineNumber, 1, 0);
                    diagnostics.Add(new DiagnosticDto("error", line[6..], null, "MESH0001", null, new RangeDto(file.Name, position, position)));
                    continue;
                }

                resources.Add(Resource(parts[0], parts[1], parts.Length > 2 ? parts[2] : string.Empty));
            }
        }

        return new BundleEvaluation(resources, diagnostics);
    }

    public static DesiredResource Resource(string kind, string name, string value) =>
        new(kind, name, $"{{\"name\":\"{name}\",\"value\":\"{value}\"}}", $"{kind} \"{name}\" {{\n  value = \"{value}\"\n}}\n");

    public static ApplyRequest Bundle(params string[] lines) =>
        new() { Files = [new SourceFile("rules.hcl", string.Join('\n', lines))] };
}
