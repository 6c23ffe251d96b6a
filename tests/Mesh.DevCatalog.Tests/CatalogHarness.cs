using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.DevCatalog.Tests;

/// <summary>A dev catalog on 127.0.0.1:0 with a fake clock and a plain HttpClient.</summary>
internal sealed class CatalogHarness : IAsyncDisposable
{
    private CatalogHarness(DevCatalogServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Http = new HttpClient { BaseAddress = server.Address };
    }

    public DevCatalogServer Server { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<CatalogHarness> StartAsync(string? dataDirectory = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var server = await DevCatalogServer.StartAsync(
            new DevCatalogOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Time = time, DataDirectory = dataDirectory },
            CancellationToken.None);
        return new CatalogHarness(server, time);
    }

    public Task<HttpResponseMessage> PutAsync(string path, string? body = null) =>
        Http.PutAsync(new Uri(path, UriKind.Relative), body is null ? null : new StringContent(body, Encoding.UTF8));

    public Task<HttpResponseMessage> PutJsonAsync(string path, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Http.PutAsync(new Uri(path, UriKind.Relative), content);
    }

    public async Task<string> PutTextAsync(string path, string? body = null)
    {
        using var response = await PutAsync(path, body);
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<JsonElement> GetEntryAsync(string key) => (await GetJsonAsync("v1/kv/" + key))[0];

    public async Task<string> CreateSessionAsync(string body = "{}")
    {
        using var response = await PutJsonAsync("v1/session/create", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ID").GetString()!;
    }

    /// <summary>Waits (on the real clock, bounded) until <paramref name="count"/> blocking queries are parked in the store.</summary>
    public async Task WaitForBlockedQueriesAsync(int count = 1)
    {
        var deadline = Environment.TickCount64 + 5000;
        while (Server.Store.BlockedQueries < count)
        {
            Assert.True(Environment.TickCount64 < deadline, "no blocking query got parked");
            await Task.Delay(5);
        }
    }

    public static ulong Index(HttpResponseMessage response) => ulong.Parse(response.Headers.GetValues("X-Consul-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
