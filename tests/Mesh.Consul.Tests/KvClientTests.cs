using System.Net;
using System.Text;
using Mesh.Consul.Kv;

namespace Mesh.Consul.Tests;

public sealed class KvClientTests
{
    private const string EntryJson =
        """[{"LockIndex":1,"Key":"config/web","Flags":42,"Value":"aGVsbG8=","Session":"s-1","CreateIndex":7,"ModifyIndex":9}]""";

    [Fact]
    public async Task GetAsync_ExistingKey_DecodesBase64AndReadsHeaders()
    {
        var handler = new FakeConsulHandler(_ =>
        {
            var response = FakeConsulHandler.Json(EntryJson);
            response.Headers.Add("X-Consul-Index", "9");
            response.Headers.Add("X-Consul-KnownLeader", "true");
            response.Headers.Add("X-Consul-LastContact", "250");
            return response;
        });

        var result = await FakeConsulHandler.Client(handler).Kv.GetAsync("config/web");

        var entry = Assert.IsType<KvEntry>(result.Value);
        Assert.Equal("hello", Encoding.UTF8.GetString(entry.Value!));
        Assert.Equal(("config/web", 7UL, 9UL, 1UL, 42UL, "s-1"), (entry.Key, entry.CreateIndex, entry.ModifyIndex, entry.LockIndex, entry.Flags, entry.Session));
        Assert.Equal(9UL, result.LastIndex);
        Assert.True(result.KnownLeader);
        Assert.Equal(TimeSpan.FromMilliseconds(250), result.LastContact);
        Assert.Equal(HttpMethod.Get, handler.Single.Method);
        Assert.Equal("/v1/kv/config/web", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNullValueWithIndex()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(string.Empty, HttpStatusCode.NotFound, index: 33));

        var result = await FakeConsulHandler.Client(handler).Kv.GetAsync("missing");

        Assert.Null(result.Value);
        Assert.Equal(33UL, result.LastIndex);
    }

    [Fact]
    public async Task GetAsync_NullValue_KeepsEntryWithoutValue()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("""[{"Key":"flag","Value":null,"ModifyIndex":3}]""", index: 3));

        var result = await FakeConsulHandler.Client(handler).Kv.GetAsync("flag");

        Assert.NotNull(result.Value);
        Assert.Null(result.Value.Value);
    }

    [Fact]
    public async Task GetAsync_TokenAndDatacenter_SendsHeaderAndDcParameter()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(EntryJson, index: 9));
        var options = new ConsulClientOptions { Address = new Uri("http://consul.local:8500"), Token = "secret", Datacenter = "dc2" };

        await FakeConsulHandler.Client(handler, options).Kv.GetAsync("a");

        Assert.Equal("secret", handler.Single.Token);
        Assert.Equal("http://consul.local:8500/v1/kv/a?dc=dc2", handler.Single.Uri.ToString());
    }

    [Fact]
    public async Task PutAsync_Namespace_SendsNsParameter()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("true"));
        var options = new ConsulClientOptions { Address = new Uri("http://consul.local:8500"), Namespace = "team-a" };

        await FakeConsulHandler.Client(handler, options).Kv.PutAsync("a", new byte[] { 1 });

        Assert.Equal("http://consul.local:8500/v1/kv/a?ns=team-a", handler.Single.Uri.ToString());
    }

    [Fact]
    public async Task GetAsync_NoToken_SendsNoTokenHeader()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(EntryJson, index: 9));

        await FakeConsulHandler.Client(handler).Kv.GetAsync("a");

        Assert.Null(handler.Single.Token);
    }

    [Theory]
    [InlineData(0UL, "")]
    [InlineData(57UL, "?index=57&wait=30s")]
    public async Task GetAsync_BlockingQuery_SendsIndexAndWaitOnlyWithAnIndex(ulong index, string expectedQuery)
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(EntryJson, index: 60));

        await FakeConsulHandler.Client(handler).Kv.GetAsync("a", new QueryOptions { Index = index, Wait = TimeSpan.FromSeconds(30) });

        Assert.Equal(expectedQuery, handler.Single.Uri.Query);
    }

    [Fact]
    public async Task GetAsync_StaleWithoutIndex_SendsStaleOnly()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(EntryJson, index: 9));

        await FakeConsulHandler.Client(handler).Kv.GetAsync("a", new QueryOptions { Consistency = ConsistencyMode.Stale });

        Assert.Equal("?stale", handler.Single.Uri.Query);
    }

    [Fact]
    public async Task ListAsync_MissingPrefix_ReturnsEmptyAndUsesRecurse()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json(string.Empty, HttpStatusCode.NotFound, index: 12));

        var result = await FakeConsulHandler.Client(handler).Kv.ListAsync("config/");

        Assert.Empty(result.Value);
        Assert.Equal(12UL, result.LastIndex);
        Assert.Equal("/v1/kv/config/?recurse", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task KeysAsync_WithSeparator_SendsKeysAndSeparator()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("""["config/a","config/b/"]""", index: 4));

        var result = await FakeConsulHandler.Client(handler).Kv.KeysAsync("config/", "/");

        Assert.Equal(["config/a", "config/b/"], result.Value);
        Assert.Equal("/v1/kv/config/?keys&separator=%2F", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task PutAsync_WithConditions_SendsRawBodyAndParametersAndReadsFalse()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("false"));
        var options = new KvWriteOptions { Cas = 0, Flags = 5, Acquire = "sess-1" };

        var written = await FakeConsulHandler.Client(handler).Kv.PutAsync("locks/leader", Encoding.UTF8.GetBytes("node-a"), options);

        Assert.False(written);
        Assert.Equal(HttpMethod.Put, handler.Single.Method);
        Assert.Equal("/v1/kv/locks/leader?cas=0&flags=5&acquire=sess-1", handler.Single.PathAndQuery);
        Assert.Equal("node-a", handler.Single.Body);
    }

    [Fact]
    public async Task PutAsync_Release_SendsReleaseAndReadsTrue()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("true\n"));

        var written = await FakeConsulHandler.Client(handler).Kv.PutAsync("k", ReadOnlyMemory<byte>.Empty, new KvWriteOptions { Release = "s" });

        Assert.True(written);
        Assert.Equal("?release=s", handler.Single.Uri.Query);
    }

    [Fact]
    public async Task DeleteAsync_RecurseWithCas_SendsDeleteWithParameters()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("true"));

        var deleted = await FakeConsulHandler.Client(handler).Kv.DeleteAsync("tree/", recurse: true, cas: 14);

        Assert.True(deleted);
        Assert.Equal(HttpMethod.Delete, handler.Single.Method);
        Assert.Equal("/v1/kv/tree/?recurse&cas=14", handler.Single.PathAndQuery);
    }

    [Fact]
    public async Task GetAsync_KeyWithReservedCharacters_EscapesSegmentsButKeepsSlashes()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Json("[]", index: 1));

        await FakeConsulHandler.Client(handler).Kv.GetAsync("a b/c?d#e");

        Assert.Equal("/v1/kv/a%20b/c%3Fd%23e", handler.Single.Uri.AbsolutePath + handler.Single.Uri.Query);
    }

    [Fact]
    public async Task PutAsync_ServerError_ThrowsConsulExceptionWithBody()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("invalid session \"nope\"", HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<ConsulException>(() =>
            FakeConsulHandler.Client(handler).Kv.PutAsync("k", new byte[] { 1 }, new KvWriteOptions { Acquire = "nope" }));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("invalid session \"nope\"", error.Body);
    }

    [Fact]
    public async Task GetAsync_PermissionDenied_ThrowsConsulException()
    {
        var handler = new FakeConsulHandler(_ => FakeConsulHandler.Text("Permission denied", HttpStatusCode.Forbidden));

        ConsulException error = await Assert.ThrowsAsync<ConsulPermissionDeniedException>(() => FakeConsulHandler.Client(handler).Kv.GetAsync("k"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task GetAsync_ConnectionRefused_ThrowsUnreachableWrappingHttpRequestException()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new ConsulClient(new HttpClient(), new ConsulClientOptions { Address = new Uri($"http://127.0.0.1:{port}") });

        var error = await Assert.ThrowsAsync<ConsulUnreachableException>(() => client.Kv.GetAsync("k"));

        Assert.IsType<HttpRequestException>(error.InnerException);
    }
}
