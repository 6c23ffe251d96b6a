using Mesh.Nomad.Client;
using Mesh.Nomad.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Nomad.Hosting;

/// <summary>Registers the Nomad client and the allocation watcher.</summary>
public static class NomadServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="NomadClient"/> and <see cref="AllocationWatcher"/> as singletons, with options
    /// validated when the host starts (a bad address or back-off fails the boot, not the first query).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureClient">Sets the address, token, namespace, region and TLS files.</param>
    /// <param name="configureWatcher">Sets the node, wait and back-off; null keeps the defaults.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddNomadAllocationWatcher(
        this IServiceCollection services,
        Action<NomadClientOptions> configureClient,
        Action<AllocationWatcherOptions>? configureWatcher = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureClient);
        services.AddOptions<NomadClientOptions>()
            .Configure(configureClient)
            .Validate(o => o.Address.IsAbsoluteUri && o.Address.Scheme is "http" or "https", "Nomad's address must be an absolute http:// or https:// URL.")
            .Validate(o => o.CaCertificateFile is null || File.Exists(o.CaCertificateFile), "Nomad's CA certificate file does not exist.")
            .Validate(o => (o.ClientCertificateFile is null) == (o.ClientKeyFile is null), "Nomad's client certificate and key must be given together.")
            .ValidateOnStart();
        services.AddOptions<AllocationWatcherOptions>()
            .Configure(configureWatcher ?? (_ => { }))
            .Validate(o => o.BlockingWait > TimeSpan.Zero && o.BlockingWait <= TimeSpan.FromSeconds(300), "The blocking wait must be above 0 and at most 300 s (Nomad's cap).")
            .Validate(o => o.ErrorBackoffInitial > TimeSpan.Zero && o.ErrorBackoffInitial <= o.ErrorBackoffMax, "The error back-off must be above 0 and at most its maximum.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new NomadHttpClient(NomadClient.CreateHttpClient(sp.GetRequiredService<IOptions<NomadClientOptions>>().Value)));
        services.TryAddSingleton(sp => new NomadClient(sp.GetRequiredService<NomadHttpClient>().Client, sp.GetRequiredService<IOptions<NomadClientOptions>>().Value));
        services.TryAddSingleton(sp => new AllocationWatcher(
            sp.GetRequiredService<NomadClient>(),
            sp.GetRequiredService<IOptions<AllocationWatcherOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AllocationWatcher>>()));
        return services;
    }
}
