namespace Mesh.Cli;

/// <summary>The command line asks for something impossible; meshctl says why and exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
