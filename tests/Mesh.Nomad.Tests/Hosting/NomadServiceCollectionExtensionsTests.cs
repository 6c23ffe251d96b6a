using Mesh.Nomad.Hosting;
using Mesh.Nomad.Tests.Watching;
using Mesh.Nomad.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Nomad.Tests.Hosting;

public sealed class NomadServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddNomadAllocationWatcher_Resolved_WatchesTheConfiguredNomad()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        nomad.AddAllocation(NomadFixture.Reviews());
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddNomadAllocationWatcher(o => { o.Address = nomad.Address; o.Token = NomadFixture.Token; })
            .BuildServiceProvider();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await using var changes = provider.GetRequiredService<AllocationWatcher>().WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await changes.MoveNextAsync());
        Assert.Equal("reviews", changes.Current.Task.ServiceName);
        await stop.CancelAsync();
    }

    [Theory]
    [InlineData("ftp://nomad:4646", 30)]
    [InlineData("http://127.0.0.1:4646", 600)]
    [InlineData("http://127.0.0.1:4646", 0)]
    public async Task AddNomadAllocationWatcher_BadOptions_FailValidation(string address, int waitSeconds)
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddNomadAllocationWatcher(o => o.Address = new Uri(address), w => w.BlockingWait = TimeSpan.FromSeconds(waitSeconds))
            .BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AllocationWatcher>());
    }
}
