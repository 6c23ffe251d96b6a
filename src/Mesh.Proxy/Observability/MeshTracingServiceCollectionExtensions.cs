using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mesh.Proxy.Observability;

/// <summary>Registration of span export over OTLP.</summary>
public static class MeshTracingServiceCollectionExtensions
{
    /// <summary>
    /// Registers OpenTelemetry tracing for the proxy's <see cref="MeshProxyTelemetry.ActivitySourceName"/> spans with an
    /// OTLP exporter, when <see cref="MeshTracingOptions.OtlpEndpoint"/> is set; otherwise registers nothing (trace headers
    /// are still propagated). The proxy makes the sampling decision itself
    /// (<see cref="ProxyObservabilityOptions.TraceSamplingRatio"/>), so the exporter keeps every span it records. Call from a host (the provider is started by the generic host).
    /// </summary>
    public static IServiceCollection AddMeshTracing(this IServiceCollection services, MeshTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(MeshProxyTelemetry.ActivitySourceName)
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = options.OtlpHttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
        return services;
    }
}
