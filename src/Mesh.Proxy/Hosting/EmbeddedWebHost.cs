using Microsoft.AspNetCore.Builder;
using Mesh.Proxy.Transport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Hosting;

/// <summary>
/// The web hosts a mesh process embeds (proxy listeners, gateways, the agent's admin API): Kestrel and nothing else of
/// ASP.NET Core's defaults. ASP.NET Core's own builders read <c>appsettings.json</c> from the working directory and every
/// environment variable, so a variable meant for another application on the host changed every listener at once:
/// <c>AllowedHosts</c> turned on host filtering (400 for every meshed request), <c>Kestrel__Endpoints__*</c> bound extra
/// ports (the second listener then failed to start), and each host watched the working directory for file changes (a
/// thread and an inotify instance apiece). Here a host's endpoints, logging and services are only what the mesh
/// process gives it.
/// </summary>
public static class EmbeddedWebHost
{
    /// <summary>A builder with Kestrel, no configuration sources, and logging through <paramref name="loggerFactory"/> (<see cref="ProxyHostLogging"/>).</summary>
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseMeshTransport();
        return builder.UseProxyHostLogging(loggerFactory);
    }
}
