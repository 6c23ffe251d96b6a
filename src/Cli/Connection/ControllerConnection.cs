using System.CommandLine;

namespace Mesh.Cli.Connection;

/// <summary>
/// Where the controller is and how to authenticate. Each setting comes from the first of: the flags
/// (<c>--addr</c>, <c>--token</c>), the environment (<c>MESH_ADDR</c>, <c>MESH_TOKEN</c>, <c>MESH_TOKEN_FILE</c>,
/// <c>MESH_CA_FILE</c>), the config file (<see cref="ConfigLocation"/>), the default (the local controller of <c>meshctl dev</c>).
/// </summary>
internal sealed class ControllerConnection
{
    public const string DefaultAddress = "http://127.0.0.1:15010";

    public static readonly Option<string?> AddressOption = new("--addr")
    {
        Description = $"The controller's address (env MESH_ADDR, config address; default {DefaultAddress}).",
        Recursive = true,
    };

    public static readonly Option<string?> TokenOption = new("--token")
    {
        Description = "The controller API token (env MESH_TOKEN or MESH_TOKEN_FILE, config token or token_file).",
        Recursive = true,
    };

    public static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = $"The meshctl config file (env MESHCTL_CONFIG; default {ConfigLocation.DefaultDisplay}).",
        Recursive = true,
    };

    public static readonly Option<string?> ContextOption = new("--context")
    {
        Description = "The context of the config file to use (env MESHCTL_CONTEXT; default its current_context).",
        Recursive = true,
    };

    private ControllerConnection(Uri address, string addressSource, string? token, ConfigSetting? caFile, string configDisplay)
    {
        Address = address;
        AddressSource = addressSource;
        Token = token;
        CaFile = caFile;
        ConfigDisplay = configDisplay;
    }

    /// <summary>The controller's base address, with a trailing slash.</summary>
    public Uri Address { get; }

    /// <summary>Where the address came from: <c>--addr</c>, <c>MESH_ADDR</c>, <c>file:line</c> or <c>default</c>.</summary>
    public string AddressSource { get; }

    public string? Token { get; }

    /// <summary>The PEM CA file to trust for an https controller, when one is set.</summary>
    public ConfigSetting? CaFile { get; }

    /// <summary>How hints name the config file.</summary>
    public string ConfigDisplay { get; }

    /// <exception cref="CliUsageException">A flag or environment variable is invalid.</exception>
    /// <exception cref="MeshctlConfigException">The config file (or a file it names) is missing or invalid.</exception>
    public static ControllerConnection Resolve(ParseResult parse, CliEnvironment environment)
    {
        var location = ConfigLocation.Find(parse.GetValue(ConfigOption), environment);
        var config = location.Load();
        var settings = SelectSettings(parse, environment, location, config);

        var address = FirstOf(
            ("--addr", parse.GetValue(AddressOption)),
            ("MESH_ADDR", environment.Get("MESH_ADDR")),
            (settings.Address?.Where, settings.Address?.Value),
            ("default", DefaultAddress));
        if (!ControllerAddress.TryParse(address.Value, out var uri))
        {
            throw new CliUsageException($"The controller address \"{address.Value}\" (from {address.Source}) is not an http:// or https:// URL.");
        }

        var token = parse.GetValue(TokenOption) ?? environment.Get("MESH_TOKEN");
        if (token is null && environment.Get("MESH_TOKEN_FILE") is { } tokenFile)
        {
            if (!File.Exists(tokenFile))
            {
                throw new CliUsageException($"MESH_TOKEN_FILE names \"{tokenFile}\", which does not exist.");
            }

            token = File.ReadAllText(tokenFile).Trim();
        }

        token ??= settings.Token?.Value ?? ReadTokenFile(settings.TokenFile);

        var caFile = environment.Get("MESH_CA_FILE") is { } caPath ? new ConfigSetting(caPath, "MESH_CA_FILE") : settings.CaFile;
        return new ControllerConnection(uri, address.Source, token, caFile, location.Display);
    }

    private static MeshctlSettings SelectSettings(ParseResult parse, CliEnvironment environment, ConfigLocation location, MeshctlConfig? config)
    {
        var (contextSource, context) = parse.GetValue(ContextOption) is { } flag ? ("--context", flag) : ("MESHCTL_CONTEXT", environment.Get("MESHCTL_CONTEXT"));
        if (config is null)
        {
            return context is null
                ? new MeshctlSettings()
                : throw new MeshctlConfigException($"{contextSource} names context \"{context}\", but there is no config file at {location.Display}.");
        }

        return config.Select(context, contextSource);
    }

    private static string? ReadTokenFile(ConfigSetting? tokenFile)
    {
        if (tokenFile is null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(tokenFile.Value).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeshctlConfigException($"{tokenFile.Where}: cannot read token_file {tokenFile.Value}: {e.Message}", e);
        }
    }

    private static (string Source, string Value) FirstOf(params (string? Source, string? Value)[] candidates)
    {
        foreach (var (source, value) in candidates)
        {
            if (source is not null && !string.IsNullOrEmpty(value))
            {
                return (source, value);
            }
        }

        throw new InvalidOperationException("The last candidate is always set.");
    }
}
