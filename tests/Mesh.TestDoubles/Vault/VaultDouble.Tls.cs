using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Mesh.TestDoubles.Vault;

/// <summary>HTTPS serving of the double (with <see cref="VaultDoubleOptions.ServerCertificate"/>).</summary>
public sealed partial class VaultDouble
{
    private void ConfigureListen(ListenOptions listen)
    {
        if (_options.ServerCertificate is not { } certificate)
        {
            return;
        }

        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = _options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        });
    }
}
