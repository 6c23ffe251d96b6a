namespace Mesh.Cli.Input;

/// <summary>Runs a command that works on local files only and turns file-system failures into clear messages and exit codes.</summary>
internal static class LocalCall
{
    public static async Task<int> RunAsync(TextWriter stderr, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
    }
}
