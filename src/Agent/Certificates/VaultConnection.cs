using Mesh.Agent.Configuration;
using Mesh.Vault;

namespace Mesh.Agent.Certificates;

/// <summary>
/// The Vault client for certificates named by <c>credential_name</c> (gateway servers, destination rule client
/// certificates), from the agent's <c>vault { }</c> block (address; token, <c>VAULT_TOKEN</c> or an AppRole login),
/// created on first use and shared.
/// </summary>
internal sealed class VaultConnection(VaultSettings settings) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HttpClient? _http;
    private VaultClient? _client;

    /// <summary>
    /// Whether the configuration gives Vault credentials at all (a token, <c>VAULT_TOKEN</c>, or an AppRole login):
    /// without them every request would be refused, so a certificate that needs Vault is refused up front instead.
    /// </summary>
    public bool IsConfigured =>
        !string.IsNullOrEmpty(settings.Token)
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VAULT_TOKEN"))
        || (!string.IsNullOrEmpty(settings.AppRoleRoleId) && !string.IsNullOrEmpty(settings.AppRoleSecretIdFile));

    /// <summary>The logged-in client.</summary>
    public async Task<VaultClient> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not null)
            {
                return _client;
            }

            _http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var client = new VaultClient(_http, new VaultClientOptions
            {
                Address = settings.Address,
                Token = settings.Token ?? Environment.GetEnvironmentVariable("VAULT_TOKEN"),
            });
            if (settings.AppRoleRoleId is { Length: > 0 } roleId && settings.AppRoleSecretIdFile is { Length: > 0 } secretFile)
            {
                var secretId = (await File.ReadAllTextAsync(secretFile, cancellationToken).ConfigureAwait(false)).Trim();
                var auth = await client.LoginAppRoleAsync(roleId, secretId, settings.AppRoleMount, cancellationToken).ConfigureAwait(false);
                client.Token = auth.ClientToken;
            }

            _client = client;
            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http?.Dispose();
        _gate.Dispose();
    }
}
