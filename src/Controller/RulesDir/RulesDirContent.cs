using Mesh.ControllerApi;

namespace Mesh.Controller.RulesDir;

/// <summary>The rule files of <c>rules_dir</c> as read at one moment, and their content hash.</summary>
/// <param name="Files">Every <c>*.hcl</c> and <c>*.hcl.json</c> file, sorted by relative path, named by full path.</param>
/// <param name="Hash">SHA-256 (lowercase hex) over the relative paths and contents.</param>
internal sealed record RulesDirContent(IReadOnlyList<SourceFile> Files, string Hash);
