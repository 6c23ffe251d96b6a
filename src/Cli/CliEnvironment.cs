namespace Mesh.Cli;

/// <summary>The process environment as meshctl sees it; tests pass their own.</summary>
public sealed class CliEnvironment(IReadOnlyDictionary<string, string>? variables = null)
{
    /// <summary>The real process environment.</summary>
    public static CliEnvironment Process { get; } = new();

    /// <summary>A variable's value, or null when unset or empty.</summary>
    public string? Get(string name)
    {
        var value = variables is null ? Environment.GetEnvironmentVariable(name) : variables.GetValueOrDefault(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
