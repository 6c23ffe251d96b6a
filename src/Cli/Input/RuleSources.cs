using Mesh.ControllerApi;

namespace Mesh.Cli.Input;

/// <summary>Expands FILE|DIR arguments into the rule files they name, in a stable order.</summary>
internal static class RuleSources
{
    public static IReadOnlyList<SourceFile> Read(IEnumerable<string> paths)
    {
        var files = new List<SourceFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path)
                    .Where(IsRuleFile)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new CliUsageException($"The directory \"{path}\" holds no .hcl or .hcl.json files.");
                }

                files.AddRange(found.Select(Load));
            }
            else if (File.Exists(path))
            {
                files.Add(Load(path));
            }
            else
            {
                throw new CliUsageException($"\"{path}\" is neither a file nor a directory.");
            }
        }

        return files;
    }

    public static SourceFile Load(string path) => new(path, File.ReadAllText(path));

    private static bool IsRuleFile(string path) =>
        path.EndsWith(".hcl", StringComparison.Ordinal) || path.EndsWith(".hcl.json", StringComparison.Ordinal);
}
