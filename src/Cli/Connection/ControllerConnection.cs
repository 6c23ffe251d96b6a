using System.CommandLine;
using Mesh.ControllerApi;

namespace Mesh.Cli.Connection;

/// <summary>
/// Where the controller is and how to authenticate: <c>--addr</c>/<c>--token</c> flags first, then the
/// <c>MESH_ADDR</c>/<c>MESH_TOKEN</c> environment variables, then the defaults (the local controller of <c>meshctl dev</c>).
/// </summary>
internal sealed class ControllerConnection
{
    public const string DefaultAddress = "http://127.0.0.1:15010";

    public static readonly Option<string?> AddressOption = new("--addr")
    {
        Description = $"The controller's address (env MESH_ADDR; default {DefaultAddress}).",
        Recursive = true,
    };

    public static readonly Option<string?> TokenOption = new("--token")
    {
        Description = "The controller API token (env MESH_TOKEN, or a file named by MESH_TOKEN_FILE).",
        Recursive = true,
    };

    private ControllerConnection(Uri address, string? token)
    {
        Address = address;
        Token = token;
    }

    public Uri Address { get; }

    public string? Token { get; }

    public static ControllerConnection Resolve(ParseResult parse, CliEnvironment environment)
    {
        var address = parse.GetValue(AddressOption) ?? environment.Get("MESH_ADDR") ?? DefaultAddress;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"The controller address \"{address}\" is not an http:// or https:// URL.");
        }

        if (!uri.AbsolutePath.EndsWith('/'))
        {
            uri = new Uri(uri.AbsoluteUri + "/");
        }

        var token = parse.GetValue(TokenOption) ?? environment.Get("MESH_TOKEN");
        var tokenFile = environment.Get("MESH_TOKEN_FILE");
        if (token is null && tokenFile is not null)
        {
            if (!File.Exists(tokenFile))
            {
                throw new CliUsageException($"MESH_TOKEN_FILE names \"{tokenFile}\", which does not exist.");
            }

            token = File.ReadAllText(tokenFile).Trim();
        }

        return new ControllerConnection(uri, token);
    }

    public ControllerClient CreateClient() => new(Address, Token);
}
