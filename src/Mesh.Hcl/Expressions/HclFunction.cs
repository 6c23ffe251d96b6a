using Mesh.Hcl.Values;

namespace Mesh.Hcl.Expressions;

/// <summary>A function callable from expressions.</summary>
public sealed class HclFunction
{
    /// <summary>Creates a function.</summary>
    /// <param name="parameters">Names of the fixed parameters.</param>
    /// <param name="variadic">Name of the variadic parameter, or null when there is none.</param>
    /// <param name="implementation">The body; throws <see cref="FunctionException"/> for bad arguments.</param>
    /// <param name="allowNull">Whether null arguments are passed through instead of being rejected.</param>
    public HclFunction(IReadOnlyList<string> parameters, string? variadic, Func<IReadOnlyList<HclValue>, HclValue> implementation, bool allowNull = false)
    {
        Parameters = parameters;
        Variadic = variadic;
        Implementation = implementation;
        AllowNull = allowNull;
    }

    /// <summary>Names of the fixed parameters.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Name of the variadic parameter, or null.</summary>
    public string? Variadic { get; }

    /// <summary>Whether null arguments are allowed.</summary>
    public bool AllowNull { get; }

    /// <summary>The implementation.</summary>
    public Func<IReadOnlyList<HclValue>, HclValue> Implementation { get; }
}

/// <summary>A function rejected its arguments.</summary>
public sealed class FunctionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionException(int argumentIndex, string message)
        : base(message)
    {
        ArgumentIndex = argumentIndex;
    }

    /// <summary>Creates the exception about the call as a whole.</summary>
    public FunctionException(string message)
        : this(-1, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionException()
        : this(-1, "Invalid function call.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
        ArgumentIndex = -1;
    }

    /// <summary>The zero-based index of the offending argument, or -1 for the call as a whole.</summary>
    public int ArgumentIndex { get; }
}
