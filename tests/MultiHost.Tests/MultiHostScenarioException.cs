namespace MultiHost.Tests;

/// <summary>A failed step of the multi-host scenario, its message carrying the processes' log tails.</summary>
public sealed class MultiHostScenarioException : Exception
{
    public MultiHostScenarioException()
    {
    }

    public MultiHostScenarioException(string message)
        : base(message)
    {
    }

    public MultiHostScenarioException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
