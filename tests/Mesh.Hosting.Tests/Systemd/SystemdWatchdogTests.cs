using Mesh.Hosting.Systemd;

namespace Mesh.Hosting.Tests.Systemd;

public sealed class SystemdWatchdogTests
{
    [Fact]
    public void Interval_WatchdogSecSet_PingsAtHalfThePeriod()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), SystemdWatchdog.Interval("30000000", null, 42));
    }

    [Fact]
    public void Interval_WatchdogMeantForAnotherProcess_IsIgnored()
    {
        Assert.Null(SystemdWatchdog.Interval("30000000", "7", 42));
        Assert.Equal(TimeSpan.FromSeconds(15), SystemdWatchdog.Interval("30000000", "42", 42));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("soon")]
    public void Interval_NoWatchdog_IsNull(string? usec)
    {
        Assert.Null(SystemdWatchdog.Interval(usec, null, 42));
    }
}
