using System.Security.Cryptography;
using System.Text;
using Mesh.ControllerApi;

namespace Mesh.Controller.RulesDir;

/// <summary>
/// Reads <c>rules_dir</c>: every <c>*.hcl</c> and <c>*.hcl.json</c> file below it, recursively, sorted by relative
/// path (ordinal). Files and directories whose name starts with a dot are skipped (<c>.git</c>, editors' temporary
/// files, the <c>..data</c> links of Kubernetes volumes).
/// </summary>
internal static class RulesDirReader
{
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file or directory may not be read.</exception>
    public static RulesDirContent Read(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The rules directory {root} does not exist.");
        }

        var relative = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(IsRuleFile)
            .Order(StringComparer.Ordinal)
            .ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = new List<SourceFile>(relative.Count);
        foreach (var name in relative)
        {
            var path = Path.Combine(root, name);
            var bytes = File.ReadAllBytes(path);
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0]);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
            files.Add(new SourceFile(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes).TrimStart('\uFEFF')));
        }

        return new RulesDirContent(files, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static bool IsRuleFile(string relativePath) =>
        !relativePath.Split('/').Any(segment => segment.StartsWith('.'))
        && (relativePath.EndsWith(".hcl", StringComparison.Ordinal) || relativePath.EndsWith(".hcl.json", StringComparison.Ordinal));
}
