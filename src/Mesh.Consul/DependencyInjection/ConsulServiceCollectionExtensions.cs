using Mesh.Consul.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Consul.DependencyInjection;

/// <summary>Registers the Consul client.</summary>
public static class ConsulServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the Consul client uses.</summary>
    public const string HttpClientName = "consul";

    /// <summary>
    /// Blocking queries wait up to 10 minutes plus wait/16 of server jitter; the default
    /// 100 s <see cref="HttpClient.Timeout"/> would cut them, so the client gets this one.
    /// </summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromMinutes(11);

    /// <summary>Registers <see cref="ConsulClientOptions"/> and a <see cref="ConsulClient"/> over a named, factory-managed <see cref="HttpClient"/> whose primary handler has the options' TLS settings.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures address, token and datacenter.</param>
    /// <returns>The HTTP client builder, to add handlers (TLS, resilience).</returns>
    public static IHttpClientBuilder AddConsulClient(this IServiceCollection services, Action<ConsulClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return services
            .AddHttpClient(HttpClientName, static http => http.Timeout = HttpTimeout)
            .ConfigurePrimaryHttpMessageHandler(static provider => ConsulHttpHandler.Create(provider.GetRequiredService<IOptions<ConsulClientOptions>>().Value))
            .AddTypedClient(static (http, provider) => new ConsulClient(http, provider.GetRequiredService<IOptions<ConsulClientOptions>>().Value));
    }
}
