using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;

namespace Mesh.Cli.Connection;

/// <summary>
/// Reads meshctl.hcl: <c>address</c>, <c>token</c> or <c>token_file</c>, <c>ca_file</c>, <c>current_context</c> and
/// <c>context "name" { }</c> blocks holding the same four settings. Errors name the file and line.
/// </summary>
internal static class MeshctlConfigLoader
{
    private static readonly AttributeSchema[] SettingAttributes = [new("address"), new("token"), new("token_file"), new("ca_file")];

    private static readonly BodySchema RootSchema = new([.. SettingAttributes, new("current_context")], [new("context", ["name"])]);

    private static readonly BodySchema ContextSchema = new(SettingAttributes, []);

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="home">The home directory, to expand <c>~/</c> in paths; null when unknown.</param>
    /// <exception cref="MeshctlConfigException">The file cannot be read or is invalid.</exception>
    public static MeshctlConfig Load(string path, string? home)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeshctlConfigException($"{path}: cannot read the configuration: {e.Message}", e);
        }

        return Parse(text, path, home);
    }

    /// <summary>Parses configuration text; relative paths in it are taken from the directory of <paramref name="path"/>.</summary>
    /// <exception cref="MeshctlConfigException">The text is invalid.</exception>
    public static MeshctlConfig Parse(string text, string path, string? home)
    {
        var file = HclParser.ParseFile(text, path);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(file.Diagnostics);
        ThrowOnErrors(diagnostics);
        var root = file.Body.Content(RootSchema, diagnostics);
        ThrowOnErrors(diagnostics);

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        var defaults = ReadSettings(root, directory, home, diagnostics);
        var current = ReadString(root, "current_context", diagnostics);
        var contexts = new Dictionary<string, MeshctlSettings>(StringComparer.Ordinal);
        foreach (var block in root.Blocks)
        {
            var name = block.Labels[0];
            var content = block.Body.Content(ContextSchema, diagnostics);
            if (!contexts.TryAdd(name, ReadSettings(content, directory, home, diagnostics)))
            {
                diagnostics.Error("Duplicate context", $"A context named \"{name}\" is already defined.", block.DefRange);
            }
        }

        ThrowOnErrors(diagnostics);
        return new MeshctlConfig(path, defaults, contexts, current);
    }

    private static MeshctlSettings ReadSettings(BodyContent content, string directory, string? home, DiagnosticBag diagnostics)
    {
        var address = ReadString(content, "address", diagnostics, "an http:// or https:// URL", ControllerAddress.IsValid);
        var token = ReadString(content, "token", diagnostics);
        var tokenFile = ReadPath(content, "token_file", directory, home, diagnostics);
        var caFile = ReadPath(content, "ca_file", directory, home, diagnostics);
        if (token is not null && tokenFile is not null)
        {
            diagnostics.Error(
                "Conflicting token settings",
                "Set either token or token_file, not both.",
                content.Attributes["token_file"].Range);
        }

        return new MeshctlSettings(address, token, tokenFile, caFile);
    }

    private static ConfigSetting? ReadPath(BodyContent content, string name, string directory, string? home, DiagnosticBag diagnostics)
    {
        var setting = ReadString(content, name, diagnostics, "a file path", v => v.Length > 0);
        if (setting is null)
        {
            return null;
        }

        var value = setting.Value;
        if (home is not null && (value == "~" || value.StartsWith("~/", StringComparison.Ordinal)))
        {
            value = System.IO.Path.Join(home, value[1..]);
        }

        return setting with { Value = System.IO.Path.GetFullPath(value, directory) };
    }

    private static ConfigSetting? ReadString(
        BodyContent content,
        string name,
        DiagnosticBag diagnostics,
        string? expected = null,
        Func<string, bool>? valid = null)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }

        var value = attribute.Expression.Evaluate(EvalContext.Empty, diagnostics);
        if (value.Kind != HclValueKind.String)
        {
            if (!value.IsNull)
            {
                diagnostics.Error($"Invalid {name}", $"{name} must be a string, not {value.KindName}.", attribute.Range);
            }

            return null;
        }

        if (valid is not null && !valid(value.AsString))
        {
            diagnostics.Error($"Invalid {name}", $"{name} must be {expected}; got \"{value.AsString}\".", attribute.Range);
            return null;
        }

        return new ConfigSetting(value.AsString, $"{attribute.Range.Filename}:{attribute.Range.Start.Line}");
    }

    private static void ThrowOnErrors(DiagnosticBag diagnostics)
    {
        var error = diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is null)
        {
            return;
        }

        var where = error.Subject is { } s ? $"{s.Filename}:{s.Start.Line}: " : string.Empty;
        var detail = error.Detail.Length > 0 ? $": {error.Detail}" : string.Empty;
        throw new MeshctlConfigException($"{where}{error.Summary}{detail}");
    }
}
