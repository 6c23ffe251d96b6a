using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Mesh.Hosting.Systemd;

/// <summary>Registration of systemd integration: notify (READY/STOPPING) and the health-gated watchdog.</summary>
public static class SystemdHosting
{
    /// <summary>Adds <c>Type=notify</c> support and the watchdog. Harmless outside systemd (a shell, a container, a Nomad task).</summary>
    public static IServiceCollection AddMeshSystemd(this IServiceCollection services)
        => services.AddMeshSystemd(SystemdHelpers.IsSystemdService());

    /// <summary>Adds systemd support when <paramref name="underSystemd"/> is true; otherwise only the health checks the admin API uses.</summary>
    /// <remarks>
    /// <c>AddSystemd()</c> registers its notifier only under systemd, so the watchdog that needs it must be registered
    /// only then too; registering it unconditionally made the daemons fail to start anywhere else.
    /// </remarks>
    public static IServiceCollection AddMeshSystemd(this IServiceCollection services, bool underSystemd)
    {
        services.AddHealthChecks();
        services.AddSingleton(TimeProvider.System);
        if (underSystemd)
        {
            services.AddSystemd();
            services.AddHostedService<SystemdWatchdog>();
        }

        return services;
    }
}
