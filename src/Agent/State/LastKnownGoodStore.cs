using System.Security.Cryptography;

namespace Mesh.Agent.State;

/// <summary>
/// The agent's memory across restarts, under its state directory (<c>/var/lib/mesh/agent</c>): the last snapshots it
/// applied and the certificates it holds, so that a restart while Consul or Vault is unreachable still serves
/// traffic. Every write is atomic (a temporary file, fsync, rename), so a crash leaves the old or the new content,
/// never a torn file; secrets are written 0600.
/// </summary>
internal sealed class LastKnownGoodStore
{
    private const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PlainMode = SecretMode | UnixFileMode.GroupRead;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _root;

    public LastKnownGoodStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    /// <summary>Saves <paramref name="content"/> as <paramref name="name"/> in <paramref name="category"/>, replacing what was there.</summary>
    public void Save(string category, string name, ReadOnlySpan<byte> content, bool secret = false)
    {
        var directory = CategoryDirectory(category);
        Directory.CreateDirectory(directory, DirectoryMode);

        var target = Path.Combine(directory, FileName(name));
        var temporary = target + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = secret ? SecretMode : PlainMode };

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The saved content of <paramref name="name"/>, or null when nothing was saved.</summary>
    public byte[]? Load(string category, string name)
    {
        var path = Path.Combine(CategoryDirectory(category), FileName(name));
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Every saved entry of <paramref name="category"/>, by name.</summary>
    public IReadOnlyDictionary<string, byte[]> LoadAll(string category)
    {
        var directory = CategoryDirectory(category);
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return entries;
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (path.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue; // left by a crash mid-write; the previous complete file is still there
            }

            entries[Uri.UnescapeDataString(Path.GetFileName(path))] = File.ReadAllBytes(path);
        }

        return entries;
    }

    /// <summary>Forgets <paramref name="name"/> (a host no longer in the mesh, a service removed).</summary>
    public void Delete(string category, string name)
    {
        var path = Path.Combine(CategoryDirectory(category), FileName(name));
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string CategoryDirectory(string category)
    {
        if (category.Length == 0 || category.Contains('/', StringComparison.Ordinal) || category.Contains('\\', StringComparison.Ordinal) || category.StartsWith('.'))
        {
            throw new ArgumentException($"\"{category}\" is not a plain category name.", nameof(category));
        }

        return Path.Combine(_root, category);
    }

    // Names are hosts, services or SPIFFE ids: escaping keeps them inside their directory whatever they contain.
    private static string FileName(string name) =>
        name.Length == 0 ? throw new ArgumentException("A saved entry needs a name.", nameof(name)) : Uri.EscapeDataString(name).Replace(".", "%2E", StringComparison.Ordinal);
}
