using Mesh.DevCatalog.Catalog;
using Mesh.DevCatalog.Hosting;
using Mesh.DevCatalog.Kv;
using Mesh.DevCatalog.Sessions;
using Mesh.DevCatalog.Txn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.DevCatalog;

/// <summary>
/// The development catalog: an in-process HTTP server speaking the subset of Consul's HTTP API the mesh uses (KV,
/// transactions, sessions, agent, catalog, health, status). It stands in for a Consul agent in <c>meshctl dev</c> and in
/// tests. Dev mode: the <c>X-Consul-Token</c> / <c>Authorization</c> headers are accepted and ignored (no ACLs), and
/// <c>?dc=</c>, <c>?ns=</c> and the consistency modes are ignored too: there is one node in one datacenter.
/// </summary>
public sealed class DevCatalogServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CheckRunner _runner;

    private DevCatalogServer(WebApplication app, CatalogStore store, CheckRunner runner, Uri address)
    {
        _app = app;
        Store = store;
        _runner = runner;
        Address = address;
    }

    /// <summary>The base address actually bound, e.g. <c>http://127.0.0.1:8500/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The state behind the API (tests reach in to observe it).</summary>
    internal CatalogStore Store { get; }

    /// <summary>Starts listening on <see cref="DevCatalogOptions.Listen"/>.</summary>
    public static async Task<DevCatalogServer> StartAsync(DevCatalogOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new CatalogStore(options.Time, options.NodeName, options.Datacenter, options.DataDirectory);
        if (options.NodeMeta.Count > 0)
        {
            store.SetOwnNodeMeta(new Dictionary<string, string>(options.NodeMeta, StringComparer.Ordinal));
        }

        var runner = new CheckRunner(store);
        runner.Reconcile(); // probe checks restored from the data directory run from the start
        // Empty, not ASP.NET Core's defaults: no AllowedHosts, Kestrel__Endpoints__* or appsettings.json from the environment.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Listen, listen =>
            {
                if (options.Tls is { } tls)
                {
                    listen.UseHttps(DevCatalogTls.CreateHttpsOptions(tls));
                }
            });
            k.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
        });
        var app = builder.Build();
        var router = new ApiRouter();
        new KvEndpoints(store).Map(router);
        new TxnEndpoints(store).Map(router);
        new SessionEndpoints(store).Map(router);
        new AgentEndpoints(store, runner).Map(router);
        new HealthEndpoints(store).Map(router);
        new CatalogEndpoints(store).Map(router);
        StatusEndpoints.Map(router);
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            runner.Dispose();
            store.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return new DevCatalogServer(app, store, runner, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        _runner.Dispose();
        Store.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
