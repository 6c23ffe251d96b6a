namespace Mesh.Cli.Connection;

/// <summary>
/// Where meshctl.hcl is: <c>--config</c>, else <c>MESHCTL_CONFIG</c> (both must exist), else
/// <c>$XDG_CONFIG_HOME/mesh/meshctl.hcl</c> or <c>~/.config/mesh/meshctl.hcl</c> (read when present).
/// </summary>
/// <param name="Path">The file's path, or null when there is no home directory to look in.</param>
/// <param name="Required">The user named the file, so it must exist.</param>
/// <param name="Display">How messages name the file (<c>~</c> for the home directory).</param>
/// <param name="Home">The home directory, when known.</param>
internal sealed record ConfigLocation(string? Path, bool Required, string Display, string? Home)
{
    public const string DefaultDisplay = "~/.config/mesh/meshctl.hcl";

    public static ConfigLocation Find(string? flag, CliEnvironment environment)
    {
        var home = environment.Get("HOME") ?? environment.Get("USERPROFILE");
        var named = flag ?? environment.Get("MESHCTL_CONFIG");
        if (named is not null)
        {
            return new ConfigLocation(named, Required: true, named, home);
        }

        var configHome = environment.Get("XDG_CONFIG_HOME") ?? (home is null ? null : System.IO.Path.Join(home, ".config"));
        if (configHome is null)
        {
            return new ConfigLocation(null, Required: false, DefaultDisplay, home);
        }

        var path = System.IO.Path.Join(configHome, "mesh", "meshctl.hcl");
        var display = home is not null && path.StartsWith(home.TrimEnd('/') + "/", StringComparison.Ordinal)
            ? "~" + path[home.TrimEnd('/').Length..]
            : path;
        return new ConfigLocation(path, Required: false, display, home);
    }

    /// <summary>Reads the file, or returns null when it is optional and absent.</summary>
    /// <exception cref="MeshctlConfigException">The named file does not exist, or the file is invalid.</exception>
    public MeshctlConfig? Load()
    {
        if (Path is null)
        {
            return null;
        }

        if (!File.Exists(Path))
        {
            return Required ? throw new MeshctlConfigException($"{Path}: the configuration file does not exist.") : null;
        }

        return MeshctlConfigLoader.Load(Path, Home);
    }
}
