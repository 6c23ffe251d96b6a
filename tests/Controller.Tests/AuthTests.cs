using System.Net;
using Mesh.ControllerApi;
using static Mesh.Controller.Tests.FakeBundleEvaluator;

namespace Mesh.Controller.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Request_WithoutToken_IsUnauthorized()
    {
        await using var fixture = await ControllerFixture.StartAsync();

        var error = await Assert.ThrowsAsync<ControllerUnauthorizedException>(() => fixture.Client(token: null).GetAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
    }

    [Fact]
    public async Task Request_WithWrongToken_IsUnauthorized()
    {
        await using var fixture = await ControllerFixture.StartAsync();

        await Assert.ThrowsAsync<ControllerUnauthorizedException>(() => fixture.Client("guess").StatusAsync());
    }

    [Fact]
    public async Task AgentToken_CannotApplyButCanReadAndUseCa()
    {
        await using var fixture = await ControllerFixture.StartAsync();
        var agent = fixture.Client(ControllerFixture.AgentToken);

        await Assert.ThrowsAsync<ControllerUnauthorizedException>(() => agent.ApplyAsync(Bundle("virtual_service web v1")));
        await Assert.ThrowsAsync<ControllerUnauthorizedException>(() => agent.DeleteAsync("virtual_service", "web"));

        Assert.Empty(await agent.GetAsync());
        Assert.Equal("mesh.test", (await agent.GetTrustBundleAsync()).TrustDomain);
        Assert.Empty(await fixture.KeysAsync("mesh/desired/"));
    }

    [Fact]
    public async Task NoTokenConfigured_AcceptsLoopbackClients()
    {
        await using var fixture = await ControllerFixture.StartAsync(o =>
        {
            o.OperatorToken = null;
            o.AgentToken = null;
        });

        var response = await fixture.Client(token: null).ApplyAsync(Bundle("virtual_service web v1"));

        Assert.Equal(1, response.Generation);
    }
}
