using Mesh.Hcl.Diagnostics;

namespace Mesh.Agent.Configuration;

/// <summary>The agent configuration is invalid; the message has one <c>file:line:column: problem</c> line per error.</summary>
public sealed class AgentConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentConfigException(string message, IReadOnlyList<Diagnostic> diagnostics)
        : base(message)
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Creates the exception.</summary>
    public AgentConfigException()
        : this("The agent configuration is invalid.", [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentConfigException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = [];
}
