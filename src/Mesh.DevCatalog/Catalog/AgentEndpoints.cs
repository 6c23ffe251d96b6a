using Mesh.DevCatalog.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Catalog;

/// <summary><c>/v1/agent/*</c>: service registration, TTL check updates, the agent's services and checks, agent self.</summary>
internal sealed class AgentEndpoints(CatalogStore store, CheckRunner runner)
{
    /// <summary>Adds the routes.</summary>
    public void Map(ApiRouter router)
    {
        router.Map("/v1/agent/service/register", ["PUT"], RegisterAsync);
        router.Map("/v1/agent/service/deregister/", ["PUT"], DeregisterAsync);
        router.Map("/v1/agent/service/maintenance/", ["PUT"], (c, id) => MaintenanceAsync(c, id, store));
        router.Map("/v1/agent/check/pass/", ["PUT"], (c, id) => MarkAsync(c, id, "passing"));
        router.Map("/v1/agent/check/warn/", ["PUT"], (c, id) => MarkAsync(c, id, "warning"));
        router.Map("/v1/agent/check/fail/", ["PUT"], (c, id) => MarkAsync(c, id, "critical"));
        router.Map("/v1/agent/check/update/", ["PUT"], UpdateAsync);
        router.Map("/v1/agent/services", ["GET"], (c, _) => HttpIo.WriteJson(c.Response, store.AgentServices(), CatalogJsonContext.Default.IReadOnlyDictionaryStringServiceInstance));
        router.Map("/v1/agent/checks", ["GET"], (c, _) => HttpIo.WriteJson(c.Response, store.AgentChecks(), CatalogJsonContext.Default.IReadOnlyDictionaryStringCheckState));
        router.Map("/v1/agent/self", ["GET"], (c, _) => HttpIo.WriteJson(c.Response, store.Self(), CatalogJsonContext.Default.AgentSelf));
    }

    private async Task RegisterAsync(HttpContext context, string rest)
    {
        var definition = await HttpIo.ReadJson(context.Request, CatalogJsonContext.Default.ServiceDefinition).ConfigureAwait(false)
            ?? throw new StoreException(StatusCodes.Status400BadRequest, "Request decode failed: empty body");
        var replace = HttpIo.Get(context.Request, "replace-existing-checks") is { } flag && flag is not ("false" or "0");
        store.RegisterService(definition, replace);
        runner.Reconcile();
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task DeregisterAsync(HttpContext context, string id)
    {
        if (!store.DeregisterService(id))
        {
            return HttpIo.WriteText(context.Response, StatusCodes.Status404NotFound, $"Unknown service ID \"{id}\". Ensure that the service ID is passed, not the service name.");
        }

        runner.Reconcile();
        return Task.CompletedTask;
    }

    private static Task MaintenanceAsync(HttpContext context, string id, CatalogStore store)
    {
        var enable = HttpIo.Get(context.Request, "enable");
        if (enable is not ("true" or "false"))
        {
            return HttpIo.WriteText(context.Response, StatusCodes.Status400BadRequest, "Missing value for enable");
        }

        return store.SetServiceMaintenance(id, enable == "true", HttpIo.Get(context.Request, "reason"))
            ? Task.CompletedTask
            : HttpIo.WriteText(context.Response, StatusCodes.Status404NotFound, $"Unknown service ID \"{id}\". Ensure that the service ID is passed, not the service name.");
    }

    private Task MarkAsync(HttpContext context, string id, string status)
    {
        store.UpdateTtlCheck(id, status, HttpIo.Get(context.Request, "note") ?? string.Empty);
        return Task.CompletedTask;
    }

    private async Task UpdateAsync(HttpContext context, string id)
    {
        var update = await HttpIo.ReadJson(context.Request, CatalogJsonContext.Default.CheckUpdate).ConfigureAwait(false) ?? new CheckUpdate();
        store.UpdateTtlCheck(id, update.Status ?? string.Empty, update.Output ?? string.Empty);
    }
}
