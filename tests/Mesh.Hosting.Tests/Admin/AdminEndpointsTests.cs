using System.Diagnostics.Metrics;
using Mesh.Hosting.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Hosting.Tests.Admin;

public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task Metrics_MeasurementBeforeFirstScrape_IsExported()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddMeshAdmin();
        await using var app = builder.Build();
        app.MapMeshAdmin();
        await app.StartAsync();
        using var meter = new Meter("Mesh.AdminEndpointsTests");
        var counter = meter.CreateCounter<long>("mesh.admin_test.events");

        // Recorded while nobody has scraped yet: a daemon's first compile or request happens before Prometheus calls.
        counter.Add(3);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(new Uri(address), "/metrics"));
        Assert.Contains("mesh_admin_test_events_total 3", text, StringComparison.Ordinal);
    }
}
