namespace Mesh.Cli.Connection;

/// <summary>meshctl.hcl (or a file it names) is missing or invalid; the message names the file and line.</summary>
internal sealed class MeshctlConfigException(string message, Exception? inner = null) : Exception(message, inner);
