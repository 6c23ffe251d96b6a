using Mesh.Hcl.Diagnostics;

namespace Mesh.Cli.Rendering;

/// <summary>Writes diagnostics about local files the way HashiCorp's tools do: the source line, a marker, the detail.</summary>
internal static class LocalDiagnostics
{
    public static async Task WriteAsync(TextWriter writer, IEnumerable<Diagnostic> diagnostics, Func<string, string?> sourceForFile)
    {
        var renderer = new DiagnosticTextRenderer(sourceForFile, color: TerminalOutput.UseColor(writer));
        await writer.WriteAsync(renderer.Render(diagnostics)).ConfigureAwait(false);
    }
}
