using System.Net;
using Mesh.Hosting.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Hosting.Admin;

/// <summary>The admin API every daemon serves on localhost: liveness, readiness and Prometheus metrics.</summary>
public static class AdminEndpoints
{
    /// <summary>Maps <c>/healthz/live</c>, <c>/healthz/ready</c> and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapMeshAdmin(this IEndpointRouteBuilder endpoints)
    {
        // The collector must listen from start-up: a measurement made before the first scrape would be lost otherwise.
        endpoints.ServiceProvider.GetRequiredService<PrometheusMetrics>();
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Live) });
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) });
        endpoints.MapGet("/metrics", (PrometheusMetrics metrics) => Results.Text(metrics.Render(), PrometheusMetrics.ContentType));
        return endpoints;
    }

    /// <summary>
    /// Parses an admin listen address (<c>127.0.0.1:19000</c>, <c>[::1]:19000</c>, <c>localhost:19000</c>) and refuses
    /// anything that is not loopback: the admin API exposes configuration and must never face the network.
    /// </summary>
    public static IPEndPoint ParseLoopbackAddress(string address)
    {
        var separator = address.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(address.AsSpan(separator + 1), out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"Admin address \"{address}\" is not host:port.");
        }

        var host = address[..separator].Trim('[', ']');
        IPAddress ip;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip!))
        {
            throw new FormatException($"Admin address \"{address}\" does not name an IP address or localhost.");
        }

        if (!IPAddress.IsLoopback(ip))
        {
            throw new FormatException($"Admin address \"{address}\" is not a loopback address; the admin API binds to localhost only.");
        }

        return new IPEndPoint(ip, port);
    }

    /// <summary>Registers the shared admin services: health checks and the Prometheus collector for <c>Mesh*</c> meters.</summary>
    public static IServiceCollection AddMeshAdmin(this IServiceCollection services)
    {
        services.AddHealthChecks();
        services.AddSingleton(_ => new PrometheusMetrics("Mesh"));
        return services;
    }
}
