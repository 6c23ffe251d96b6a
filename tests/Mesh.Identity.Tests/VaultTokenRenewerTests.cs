using Mesh.TestDoubles.Vault;
using Mesh.Vault;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Identity.Tests;

public sealed class VaultTokenRenewerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Renewer_RenewsAtTwoThirdsAndLogsInAgainWhenRenewalRefused()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = new VaultDoubleOptions { TimeProvider = time };
        options.AppRoles.Add(new VaultDoubleAppRole { RoleId = "r", SecretId = "s", TokenTtl = TimeSpan.FromMinutes(30), TokenMaxTtl = TimeSpan.FromHours(4) });
        await using var vault = await VaultDouble.StartAsync(options);
        using var http = new HttpClient();
        var client = new VaultClient(http, new VaultClientOptions { Address = vault.Address });
        var logins = 0;
        await using var renewer = new VaultTokenRenewer(client, ct =>
        {
            Interlocked.Increment(ref logins);
            return client.LoginAppRoleAsync("r", "s", cancellationToken: ct);
        }, time);
        var renewed = new TaskCompletionSource<VaultAuth>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loggedIn = new TaskCompletionSource<VaultAuth>(TaskCreationOptions.RunContinuationsAsynchronously);
        renewer.Renewed += (_, auth) => renewed.TrySetResult(auth);
        renewer.LoggedIn += (_, auth) => loggedIn.TrySetResult(auth);

        var first = await renewer.StartAsync();
        Assert.Equal(1, logins);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(20), renewer.NextAction);

        time.Advance(TimeSpan.FromMinutes(20));
        var afterRenewal = await renewed.Task.WaitAsync(Timeout);
        Assert.Equal(first.Accessor, afterRenewal.Accessor);
        Assert.Equal(TimeSpan.FromMinutes(30), afterRenewal.LeaseDuration);
        Assert.Equal(1, vault.Renewals);

        vault.RevokeToken(first.Accessor);
        time.Advance(TimeSpan.FromMinutes(20));
        var second = await loggedIn.Task.WaitAsync(Timeout);

        Assert.Equal(2, logins);
        Assert.NotEqual(first.Accessor, second.Accessor);
        Assert.Equal(second.ClientToken, client.Token);
        Assert.Equal(second.Accessor, (await client.LookupSelfAsync()).Accessor);
        Assert.DoesNotContain(second.ClientToken, second.ToString(), StringComparison.Ordinal);
    }
}
