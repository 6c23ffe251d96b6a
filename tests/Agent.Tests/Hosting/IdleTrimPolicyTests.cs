using Mesh.Agent.Hosting;

namespace Mesh.Agent.Tests.Hosting;

/// <summary>The heap is trimmed once per burst of traffic, at the first quiet interval after it, never while idle or busy.</summary>
public sealed class IdleTrimPolicyTests
{
    private const long MB = 1 << 20;

    private static IdleTrimPolicy Policy() => new(idleBytes: 4 * MB, burstBytes: 64 * MB, allocatedAtStart: 10 * MB);

    [Fact]
    public void IdleAgent_HousekeepingAllocations_TrimsAtMostOncePerBurstSizeAllocated()
    {
        var policy = Policy();
        var allocated = 10 * MB;
        var trims = 0;
        for (var i = 0; i < 100; i++)
        {
            allocated += 2 * MB;
            if (policy.Sample(allocated))
            {
                trims++;
                policy.Trimmed(allocated);
            }
        }

        // 200 MB allocated in quiet intervals: one collection per 64 MB at most, i.e. every 32 intervals here.
        Assert.Equal(3, trims);
    }

    [Fact]
    public void Burst_TrimsAtTheFirstQuietIntervalAfterIt_Once()
    {
        var policy = Policy();

        Assert.False(policy.Sample(60 * MB), "busy interval");
        Assert.False(policy.Sample(200 * MB), "busy interval");
        Assert.True(policy.Sample(201 * MB), "first quiet interval after 190 MB of traffic");
        policy.Trimmed(201 * MB);
        Assert.False(policy.Sample(202 * MB), "still quiet: the heap was already trimmed");
        Assert.False(policy.Sample(203 * MB), "still quiet");

        Assert.False(policy.Sample(300 * MB), "a second burst");
        Assert.True(policy.Sample(301 * MB), "quiet again after the second burst");
    }

    [Fact]
    public void SmallBurst_BelowTheThreshold_DoesNotTrim()
    {
        var policy = Policy();

        Assert.False(policy.Sample(40 * MB), "30 MB of traffic");
        Assert.False(policy.Sample(41 * MB), "quiet, but the heap cannot have grown enough to be worth a full collection");
    }

    [Fact]
    public void SustainedTraffic_NeverTrims()
    {
        var policy = Policy();
        for (var allocated = 20 * MB; allocated < 2000 * MB; allocated += 20 * MB)
        {
            Assert.False(policy.Sample(allocated), "traffic is flowing: a blocking full collection would only add latency");
        }
    }
}
