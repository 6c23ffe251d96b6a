using Mesh.ControllerApi;

namespace Mesh.Controller.Dashboard;

/// <summary>The dashboard: <c>GET /v1/graph</c> (read access like every <c>/v1</c> read) and the page at <c>GET /ui</c>.</summary>
internal static class DashboardEndpoints
{
    private const string PageResource = "Mesh.Controller.Dashboard.dashboard.html";

    private static readonly Lazy<byte[]> Page = new(LoadPage);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/graph", (TrafficAggregator traffic) =>
            Results.Json(traffic.Graph(), ControllerApiJsonContext.Default.GraphResponse));

        // The page holds no data (it fetches /v1/* with the ?token= it was opened with), so it needs no token itself.
        endpoints.MapGet("/ui", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Content-Security-Policy"] =
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Bytes(Page.Value, "text/html; charset=utf-8");
        });
        endpoints.MapGet("/", (HttpRequest request) => Results.Redirect("/ui" + request.QueryString.Value));
        return endpoints;
    }

    private static byte[] LoadPage()
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"The embedded resource {PageResource} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
