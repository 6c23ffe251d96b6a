namespace Mesh.Cli.Tests;

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("meshctl-tests-").FullName;

    /// <summary>Writes a file (creating directories) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var path = System.IO.Path.Join(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
