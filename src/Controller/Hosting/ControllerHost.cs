using System.Diagnostics.Metrics;
using System.Net;
using Mesh.Consul.DependencyInjection;
using Mesh.Controller.Api;
using Mesh.Controller.Certificates;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.Controller.Dashboard;
using Mesh.Controller.Metrics;
using Mesh.Controller.Security;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;
using Mesh.Hosting.Admin;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Controller.Hosting;

/// <summary>Builds and starts the controller: the rules API, the admin endpoints and the leader's compile loop.</summary>
public static class ControllerHost
{
    private const string AdminConnection = "mesh.admin-listener";

    /// <summary>Starts a controller with the rule library's evaluator and compiler (<c>meshctl dev</c>); dispose the handle to stop it.</summary>
    /// <param name="options">The settings; <see cref="ControllerOptions.ApiAddress"/> may use port 0.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<ControllerHandle> StartAsync(ControllerOptions options, CancellationToken cancellationToken)
        => StartAsync(options, logging: null, cancellationToken);

    /// <summary>Starts a controller with the rule library's evaluator and compiler, and the given logging setup.</summary>
    /// <param name="options">The settings; <see cref="ControllerOptions.ApiAddress"/> may use port 0.</param>
    /// <param name="logging">Configures logging (for example to keep a terminal quiet); null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ControllerHandle> StartAsync(ControllerOptions options, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var built = Build(options, RuleEngine.Evaluator(), RuleEngine.Compiler(options), logging is null ? null : builder => logging(builder.Logging));
        await built.App.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ControllerHandle(built.App, ToUri(built.Api, options.Tls is not null), built.Admin is null ? null : ToUri(built.Admin, tls: false));
    }

    /// <summary>Starts a controller in this process (tests); dispose the handle to stop it.</summary>
    /// <param name="options">The settings; <see cref="ControllerOptions.ApiAddress"/> may use port 0.</param>
    /// <param name="evaluator">Validates bundles.</param>
    /// <param name="compiler">Compiles snapshots.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ControllerHandle> StartAsync(ControllerOptions options, IBundleEvaluator evaluator, ISnapshotCompiler compiler, CancellationToken cancellationToken)
    {
        var built = Build(options, evaluator, compiler, configure: null);
        await built.App.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ControllerHandle(built.App, ToUri(built.Api, options.Tls is not null), built.Admin is null ? null : ToUri(built.Admin, tls: false));
    }

    /// <summary>Builds the web application without starting it.</summary>
    internal static BuiltController Build(ControllerOptions options, IBundleEvaluator evaluator, ISnapshotCompiler compiler, Action<WebApplicationBuilder>? configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(compiler);
        options.Validate();
        var apiEndPoint = AddressParser.Parse(options.ApiAddress);
        var adminEndPoint = options.AdminAddress is null ? null : AddressParser.Parse(options.AdminAddress);

        var useTls = options.Tls is null ? null : ApiTls.Load(options.Tls);
        // Empty, not ASP.NET Core's defaults: the controller's settings are controller.hcl alone, so an AllowedHosts or
        // Kestrel__Endpoints__* variable meant for another application cannot filter or add API listeners.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        ListenOptions? api = null;
        ListenOptions? admin = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(apiEndPoint, listen =>
            {
                api = listen;
                useTls?.Invoke(listen);
            });
            if (adminEndPoint is not null)
            {
                kestrel.Listen(adminEndPoint, listen =>
                {
                    admin = listen;
                    listen.Use(next => connection =>
                    {
                        connection.Items[AdminConnection] = true;
                        return next(connection);
                    });
                });
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(evaluator);
        services.AddSingleton(compiler);
        var cutoff = new ConsulCutoff();
        services.AddSingleton(cutoff);
        services.AddConsulClient(consul =>
        {
            consul.Address = options.ConsulAddress;
            consul.Token = options.ConsulToken;
            consul.Datacenter = options.ConsulDatacenter;
        }).AddHttpMessageHandler(() => new ConsulCutoffHandler(cutoff));
        services.AddSingleton<DesiredStateStore>();
        services.AddSingleton<StatusReader>();
        if (options.BuiltInCa)
        {
            services.AddSingleton(_ => new CertificateAuthorityService(options));
        }

        services.AddSingleton<TrafficAggregator>();
        services.AddHostedService<TrafficWatcher>();
        services.AddSingleton<LeaderService>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderService>());
        services.AddSingleton(sp => new ControllerMetrics(sp.GetRequiredService<IMeterFactory>(), () => sp.GetRequiredService<LeaderService>().IsLeader));
        services.AddHostedService<ConvergenceWatcher>();
        services.AddMeshAdmin();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ControllerApiJsonContext.Default));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            // The admin listener serves only health and metrics; the API listener never serves them.
            var onAdmin = context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(AdminConnection) == true;
            var adminPath = context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/metrics");
            if (onAdmin != adminPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1"), branch => branch.UseMiddleware<TokenAuthMiddleware>());
        app.MapControllerApi();
        app.MapDashboard();
        app.MapMeshAdmin();
        return new BuiltController(app, api!, admin);
    }

    private static Uri ToUri(ListenOptions listen, bool tls)
    {
        var endPoint = listen.IPEndPoint!;
        var address = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endPoint.Address;
        return new Uri($"{(tls ? "https" : "http")}://{new IPEndPoint(address, endPoint.Port)}/");
    }
}
