using Mesh.Agent.Hosting;

namespace Mesh.Agent.Tests.Hosting;

/// <summary>The agent's in-code runtime defaults apply where the operator set nothing, and never override the operator.</summary>
public sealed class RuntimeDefaultsTests
{
    private static readonly Func<string, string?> NothingSet = _ => null;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void WorkerFloor_FewCpus_RaisesTheMinimumToFour(int cpuDefaultMinimum)
    {
        Assert.Equal(4, RuntimeDefaults.RaisedMinWorkerThreads(NothingSet, cpuDefaultMinimum));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(64)]
    public void WorkerFloor_LargerHost_KeepsItsMinimum(int cpuDefaultMinimum)
    {
        Assert.Null(RuntimeDefaults.RaisedMinWorkerThreads(NothingSet, cpuDefaultMinimum));
    }

    [Fact]
    public void WorkerFloor_OperatorSetTheMinimum_LeavesItAlone()
    {
        Func<string, string?> environment = name => name == RuntimeDefaults.MinWorkerThreadsVariable ? "1" : null;

        Assert.Null(RuntimeDefaults.RaisedMinWorkerThreads(environment, 1));
    }

    [Fact]
    public void Apply_NothingSet_TurnsInlineCompletionsOnAndKeepsAtLeastFourWorkers()
    {
        var set = new Dictionary<string, string>();

        RuntimeDefaults.Apply(NothingSet, (name, value) => set[name] = value);

        Assert.Equal("1", set[RuntimeDefaults.InlineCompletionsVariable]);
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= RuntimeDefaults.MinWorkerThreads, $"minimum workers {workers}");
    }

    [Fact]
    public void Apply_OperatorTurnedInlineCompletionsOff_KeepsTheirValue()
    {
        var set = new Dictionary<string, string>();

        RuntimeDefaults.Apply(name => name == RuntimeDefaults.InlineCompletionsVariable ? "0" : null, (name, value) => set[name] = value);

        Assert.DoesNotContain(RuntimeDefaults.InlineCompletionsVariable, set.Keys);
    }
}
