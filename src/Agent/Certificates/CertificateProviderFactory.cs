using Mesh.Agent.Configuration;
using Mesh.ControllerApi;
using Mesh.Identity;
using Mesh.Vault;

namespace Mesh.Agent.Certificates;

/// <summary>Builds the configured <see cref="ICertificateProvider"/>.</summary>
internal static class CertificateProviderFactory
{
    public static async Task<(ICertificateProvider Provider, IDisposable? Owned)> CreateAsync(AgentOptions options, CancellationToken cancellationToken)
    {
        if (options.Certificates.Provider == CertificateSettings.VaultProvider)
        {
            var vault = options.Vault;
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var client = new VaultClient(http, new VaultClientOptions
            {
                Address = vault.Address,
                Token = vault.Token ?? Environment.GetEnvironmentVariable("VAULT_TOKEN"),
            });
            if (vault.AppRoleRoleId is { Length: > 0 } roleId && vault.AppRoleSecretIdFile is { Length: > 0 } secretFile)
            {
                var secretId = (await File.ReadAllTextAsync(secretFile, cancellationToken).ConfigureAwait(false)).Trim();
                var auth = await client.LoginAppRoleAsync(roleId, secretId, vault.AppRoleMount, cancellationToken).ConfigureAwait(false);
                client.Token = auth.ClientToken;
            }

            return (new VaultPkiCertificateProvider(client, vault.PkiMount, vault.Role), http);
        }

        var controller = new ControllerClient(options.Controller.Address, options.Controller.Token ?? Environment.GetEnvironmentVariable("MESH_CONTROLLER_TOKEN"));
        return (new ControllerCaCertificateProvider(controller), controller);
    }
}
