using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using System.Diagnostics.Metrics;
using Mesh.Proxy.Forwarding;
using Mesh.Proxy.Observability;
using Mesh.Proxy.Routing;
using Mesh.Telemetry.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mesh.Proxy.Hosting;

/// <summary>Registration of the proxy engine.</summary>
public static class MeshProxyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the proxy engine: <see cref="RouteTableHolder"/>, YARP's forwarder, cluster state and the
    /// request pipeline. Register your own <see cref="IEndpointSource"/>, <see cref="TimeProvider"/> or a
    /// seeded <see cref="ProxyRandom"/> before or after; the defaults are a <see cref="StaticEndpointSource"/>,
    /// the system clock and the shared generator. Observability follows a registered
    /// <see cref="ProxyObservabilityOptions"/> (see <see cref="ConfigureMeshObservability"/>); the metrics use the
    /// host's <see cref="IMeterFactory"/>.
    /// </summary>
    public static IServiceCollection AddMeshProxy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpForwarder();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProxyRandom>();
        services.TryAddSingleton<RouteTableHolder>();
        services.TryAddSingleton<StaticEndpointSource>();
        services.TryAddSingleton<IEndpointSource>(static sp => sp.GetRequiredService<StaticEndpointSource>());
        services.TryAddSingleton<UpstreamInvokerFactory>();
        services.TryAddSingleton<ProxyServices>();
        services.TryAddSingleton<ClusterRegistry>();
        services.TryAddSingleton<TrafficMirror>();
        services.AddMetrics();
        services.TryAddSingleton(static _ => new ProxyObservabilityOptions());
        services.TryAddSingleton(static sp => new ProxyMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<ProxyTelemetry>();
        services.TryAddSingleton<MeshForwarder>();
        return services;
    }

    /// <summary>Sets the proxy's identity, trace sampling and access log options (replacing earlier ones).</summary>
    public static IServiceCollection ConfigureMeshObservability(this IServiceCollection services, ProxyObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.Replace(ServiceDescriptor.Singleton(options));
        return services;
    }

    /// <summary>Terminates the pipeline with the mesh proxy (for hosts that own their Kestrel setup).</summary>
    public static IApplicationBuilder RunMeshProxy(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var forwarder = app.ApplicationServices.GetRequiredService<MeshForwarder>();
        app.Run(new RequestDelegate(forwarder.InvokeAsync));
        return app;
    }
}
