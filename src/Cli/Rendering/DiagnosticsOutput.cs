using Mesh.ControllerApi;

namespace Mesh.Cli.Rendering;

/// <summary>Writes diagnostics the controller returned, one per finding: where, what, and the suggested fix.</summary>
internal static class DiagnosticsOutput
{
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<DiagnosticDto> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var where = d.Range is { } r ? $"{r.Filename}:{r.Start.Line}:{r.Start.Column}: " : string.Empty;
            var code = d.Code is null ? string.Empty : $" [{d.Code}]";
            await writer.WriteLineAsync($"{where}{d.Severity}{code}: {d.Summary}").ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(d.Detail))
            {
                await writer.WriteLineAsync($"  {d.Detail}").ConfigureAwait(false);
            }

            if (!string.IsNullOrWhiteSpace(d.Suggestion))
            {
                await writer.WriteLineAsync($"  Suggestion: {d.Suggestion}").ConfigureAwait(false);
            }
        }
    }
}
