namespace Mesh.Agent.Tests.Observability;

/// <summary>
/// Span exporters listen to every proxy of the process (one ActivitySource name): these tests run alone, so no
/// other test's sampled spans reach their collector.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability";
}
