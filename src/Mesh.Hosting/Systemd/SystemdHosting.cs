using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mesh.Hosting.Systemd;

/// <summary>Registration of systemd integration: notify (READY/STOPPING) and the health-gated watchdog.</summary>
public static class SystemdHosting
{
    /// <summary>Adds <c>Type=notify</c> support and the watchdog. Harmless outside systemd.</summary>
    public static IServiceCollection AddMeshSystemd(this IServiceCollection services)
    {
        services.AddSystemd();
        services.AddHealthChecks();
        services.AddHostedService<SystemdWatchdog>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
