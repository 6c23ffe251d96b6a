using System.CommandLine;
using System.Net;
using Mesh.Cli.Rendering;
using Mesh.ControllerApi;

namespace Mesh.Cli.Connection;

/// <summary>
/// Runs one call to the controller and turns its failures into one clear <c>meshctl: ...</c> line and a named exit code:
/// unreachable (<see cref="ExitCodes.Unreachable"/>), token refused (<see cref="ExitCodes.Unauthorized"/>), Consul down
/// behind the controller (<see cref="ExitCodes.Unreachable"/>), any other error answer (<see cref="ExitCodes.ControllerError"/>).
/// </summary>
internal static class ControllerCall
{
    public static async Task<int> RunAsync(
        ParseResult parse,
        CliEnvironment environment,
        TextWriter stderr,
        Func<ControllerClient, Task<int>> call)
    {
        ControllerConnection connection;
        SocketsHttpHandler handler;
        try
        {
            connection = ControllerConnection.Resolve(parse, environment);
            handler = ControllerHttpHandler.Create(connection.CaFile);
        }
        catch (Exception e) when (e is CliUsageException or MeshctlConfigException)
        {
            await stderr.WriteLineAsync($"meshctl: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using (handler)
        using (var client = new ControllerClient(connection.Address, connection.Token, handler))
        {
            try
            {
                return await call(client).ConfigureAwait(false);
            }
            catch (Exception e) when (Describe(e, connection) is { } failure)
            {
                await stderr.WriteLineAsync(failure.Message).ConfigureAwait(false);
                if (e is ControllerRejectedException rejected)
                {
                    await DiagnosticsOutput.WriteAsync(stderr, rejected.Diagnostics).ConfigureAwait(false);
                }

                return failure.ExitCode;
            }
        }
    }

    /// <summary>The line to print and the code to exit with for a failed call, or null for an exception that is a bug.</summary>
    internal static (string Message, int ExitCode)? Describe(Exception exception, ControllerConnection connection)
    {
        var at = ControllerAddress.Display(connection.Address);
        var config = connection.ConfigDisplay;
        return exception switch
        {
            CliUsageException e => ($"meshctl: {e.Message}", ExitCodes.Usage),
            ControllerUnreachableException e => (
                $"meshctl: cannot reach the controller at {at}: {FailureReason.Describe(e)} (set --addr, MESH_ADDR or address in {config})",
                ExitCodes.Unreachable),
            ControllerApiException { Status: null, InnerException: HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } e } => (
                $"meshctl: cannot reach the controller at {at}: {FailureReason.Describe(e)} (trust its CA with MESH_CA_FILE or ca_file in {config})",
                ExitCodes.Unreachable),
            ControllerApiException { Status: null, InnerException: HttpRequestException } e => (
                $"meshctl: cannot reach the controller at {at}: {e.Message}",
                ExitCodes.Unreachable),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } e => (
                $"meshctl: cannot reach the controller at {at}: {FailureReason.Describe(e)} (trust its CA with MESH_CA_FILE or ca_file in {config})",
                ExitCodes.Unreachable),
            HttpRequestException e => (
                $"meshctl: cannot reach the controller at {at}: {FailureReason.Describe(e)} (set --addr, MESH_ADDR or address in {config})",
                ExitCodes.Unreachable),
            ControllerUnauthorizedException e => (
                connection.Token is null
                    ? $"meshctl: the controller at {at} requires a token: {e.Message} (set --token, MESH_TOKEN, MESH_TOKEN_FILE or token in {config})"
                    : $"meshctl: the controller at {at} refused the token: {e.Message} (check --token, MESH_TOKEN, MESH_TOKEN_FILE or token in {config})",
                ExitCodes.Unauthorized),
            ControllerConflictException e => (
                $"meshctl: {e.Message}; another change was committed first and nothing of yours was stored, run the command again",
                ExitCodes.Conflict),
            ControllerNotFoundException e => ($"meshctl: {e.Message}", ExitCodes.NotFound),
            ControllerRejectedException e => ($"meshctl: {e.Message}", ExitCodes.InvalidInput),
            ControllerApiException { Status: HttpStatusCode.ServiceUnavailable } e => (
                $"meshctl: the controller at {at} cannot reach Consul: {TrimPrefix(e.Message, "Consul is unavailable: ")}",
                ExitCodes.Unreachable),
            ControllerApiException e => (
                $"meshctl: the controller at {at} answered {(e.Status is { } s ? (int)s : 0)}: {e.Message}",
                ExitCodes.ControllerError),
            _ => null,
        };
    }

    private static string TrimPrefix(string text, string prefix) => text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
}
