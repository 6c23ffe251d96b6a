using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Mesh.Hosting.Systemd;

/// <summary>
/// Sends <c>WATCHDOG=1</c> to systemd at half the unit's <c>WatchdogSec</c>, but only while the daemon's liveness
/// checks pass: a wedged daemon stops pinging and systemd restarts it. Microsoft.Extensions.Hosting.Systemd sends
/// READY and STOPPING itself but not watchdog pings.
/// </summary>
internal sealed partial class SystemdWatchdog(
    ISystemdNotifier notifier,
    HealthCheckService health,
    TimeProvider time,
    ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    /// <summary>The ping interval systemd asks for, or null when the unit has no watchdog.</summary>
    internal static TimeSpan? Interval(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (string.IsNullOrEmpty(watchdogUsec) || !long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid) && watchdogPid != processId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec / 2.0);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval(
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"),
            Environment.ProcessId);
        if (interval is null || !notifier.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval.Value, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var report = await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Live), stoppingToken).ConfigureAwait(false);
            if (report.Status == HealthStatus.Unhealthy)
            {
                LogWithholdingPing(logger, report.Status);
                continue;
            }

            notifier.Notify(Ping);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Liveness is {Status}: withholding the systemd watchdog ping")]
    private static partial void LogWithholdingPing(ILogger logger, HealthStatus status);
}
