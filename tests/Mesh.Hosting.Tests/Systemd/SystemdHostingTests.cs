using Mesh.Hosting.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mesh.Hosting.Tests.Systemd;

public sealed class SystemdHostingTests
{
    [Fact]
    public async Task AddMeshSystemd_OutsideSystemd_HostStartsAndStops()
    {
        // A daemon started from a shell, a container or a Nomad task is not a systemd service; it must still run.
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMeshSystemd(underSystemd: false);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.DoesNotContain(builder.Services, d => d.ImplementationType == typeof(SystemdWatchdog));
    }

    [Fact]
    public void AddMeshSystemd_UnderSystemd_RegistersTheWatchdog()
    {
        var services = new ServiceCollection();

        services.AddMeshSystemd(underSystemd: true);

        Assert.Contains(services, d => d.ImplementationType == typeof(SystemdWatchdog));
    }
}
