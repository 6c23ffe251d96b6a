using System.Net;
using System.Text.Json;
using Mesh.Nomad.Client;
using Mesh.Nomad.Generated;
using Mesh.Nomad.Tests.Watching;
using Mesh.TestDoubles.Nomad;

namespace Mesh.Nomad.Tests.Client;

public sealed class NomadClientTests
{
    [Fact]
    public async Task GetLocalNodeIdAsync_RightToken_ReturnsTheClientNodeId()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var options = new NomadClientOptions { Address = nomad.Address, Token = NomadFixture.Token };
        using var http = NomadClient.CreateHttpClient(options);

        var nodeId = await new NomadClient(http, options).GetLocalNodeIdAsync(CancellationToken.None);

        Assert.Equal(nomad.NodeId, nodeId);
    }

    [Theory]
    [InlineData(null, "Permission denied")]
    [InlineData("wrong", "ACL token not found")]
    public async Task GetLocalNodeIdAsync_MissingOrWrongToken_Throws403WithNomadsMessage(string? token, string message)
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var options = new NomadClientOptions { Address = nomad.Address, Token = token };
        using var http = NomadClient.CreateHttpClient(options);

        var error = await Assert.ThrowsAnyAsync<NomadApiException>(() => new NomadClient(http, options).GetLocalNodeIdAsync(CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal(message, error.Response);
    }

    [Fact]
    public async Task GetNodeAllocationsAsync_IndexCurrent_BlocksForTheWaitThenAnswersTheSameIndex()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var client = Client(nomad, out var http);
        using var _ = http;
        var first = await client.GetNodeAllocationsAsync(nomad.NodeId, 0, TimeSpan.FromSeconds(1), CancellationToken.None);

        var started = TimeProvider.System.GetTimestamp();
        var second = await client.GetNodeAllocationsAsync(nomad.NodeId, first.Index, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var held = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(first.Index, second.Index);
        Assert.True(second.KnownLeader);
        // Nomad adds up to wait/16 of jitter.
        Assert.InRange(held, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GetAllocationAsync_KnownAndUnknown_ReturnsItOr404()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var reviews = NomadFixture.Reviews();
        nomad.AddAllocation(reviews);
        var client = Client(nomad, out var http);
        using var _ = http;

        var allocation = await client.GetAllocationAsync(reviews.Id, CancellationToken.None);
        var missing = await Assert.ThrowsAnyAsync<NomadApiException>(() => client.GetAllocationAsync(Guid.NewGuid().ToString(), CancellationToken.None));

        Assert.Equal("reviews", allocation.Job.TaskGroups.Single().Tasks.Single().Services.Single().Name);
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task GetServiceAsync_NomadProviderService_ListsRegistrationWithoutMeta()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        var ratings = NomadFixture.Ratings();
        nomad.AddAllocation(ratings);
        nomad.AddAllocation(NomadFixture.Reviews());
        var client = Client(nomad, out var http);
        using var _ = http;

        var registrations = await client.GetServiceAsync("ratings", CancellationToken.None);
        var unknown = await client.GetServiceAsync("nope", CancellationToken.None);

        var registration = Assert.Single(registrations);
        Assert.Equal((ratings.Id, "10.0.3.7", 9080), (registration.AllocID, registration.Address, registration.Port));
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("wait=5x", HttpStatusCode.BadRequest)]
    [InlineData("index=abc", HttpStatusCode.BadRequest)]
    [InlineData("filter=ClientStatus%20%3E%205", HttpStatusCode.BadRequest)]
    [InlineData("region=mars", HttpStatusCode.InternalServerError)]
    [InlineData("filter=ClientStatus%20%3D%3D%20%22running%22&namespace=*", HttpStatusCode.OK)]
    public async Task Double_QueryParameters_AreCheckedLikeNomad(string query, HttpStatusCode expected)
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        using var http = new HttpClient { BaseAddress = nomad.Address };
        http.DefaultRequestHeaders.Add("X-Nomad-Token", NomadFixture.Token);

        using var response = await http.GetAsync(new Uri("v1/allocations?" + query, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Double_AllocationsList_FiltersByNamespaceAndExpressionAndOmitsResourcesUnlessAsked()
    {
        await using var nomad = await NomadFixture.StartDoubleAsync();
        nomad.AddAllocation(NomadFixture.Reviews("v1", 23001));
        nomad.AddAllocation(NomadFixture.Reviews("v2", 23002, ns: "shop"));
        var stopped = NomadFixture.Reviews("v3", 23003);
        nomad.AddAllocation(stopped);
        nomad.StopAllocation(stopped.Id);
        using var http = new HttpClient { BaseAddress = nomad.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", NomadFixture.Token);

        using var running = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/allocations?filter=ClientStatus%20%3D%3D%20%22running%22", UriKind.Relative)));
        using var all = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/allocations?namespace=*&resources=true", UriKind.Relative)));

        var stub = Assert.Single(running.RootElement.EnumerateArray());
        Assert.Equal("reviews-v1", stub.GetProperty("JobID").GetString());
        Assert.False(stub.TryGetProperty("AllocatedResources", out _));
        Assert.Equal(3, all.RootElement.GetArrayLength());
        Assert.All(all.RootElement.EnumerateArray(), s => Assert.True(s.TryGetProperty("AllocatedResources", out _)));
    }

    private static NomadClient Client(NomadDouble nomad, out HttpClient http)
    {
        var options = new NomadClientOptions { Address = nomad.Address, Token = NomadFixture.Token };
        http = NomadClient.CreateHttpClient(options);
        return new NomadClient(http, options);
    }
}
