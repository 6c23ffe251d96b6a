namespace Mesh.Cli.Connection;

/// <summary>A parsed meshctl.hcl: top-level settings, named contexts and the context selected by <c>current_context</c>.</summary>
internal sealed record MeshctlConfig(
    string Path,
    MeshctlSettings Defaults,
    IReadOnlyDictionary<string, MeshctlSettings> Contexts,
    ConfigSetting? CurrentContext)
{
    /// <summary>The settings in force: the defaults, overlaid by the named context (or by <c>current_context</c> when no name is given).</summary>
    /// <exception cref="MeshctlConfigException">The context does not exist.</exception>
    public MeshctlSettings Select(string? contextName, string contextSource)
    {
        var where = contextSource;
        if (contextName is null && CurrentContext is not null)
        {
            contextName = CurrentContext.Value;
            where = CurrentContext.Where;
        }

        if (contextName is null)
        {
            return Defaults;
        }

        if (Contexts.TryGetValue(contextName, out var context))
        {
            return Defaults.Overlay(context);
        }

        var known = Contexts.Count == 0 ? "it defines no contexts" : "it defines " + string.Join(", ", Contexts.Keys.Order(StringComparer.Ordinal).Select(k => $"\"{k}\""));
        throw new MeshctlConfigException($"{where}: context \"{contextName}\" is not defined in {Path} ({known}).");
    }
}
