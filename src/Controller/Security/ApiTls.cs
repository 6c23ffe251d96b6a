using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Controller.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Mesh.Controller.Security;

/// <summary>HTTPS for the API listener from <c>tls { cert_file key_file client_ca_file require_client_cert }</c>.</summary>
internal static class ApiTls
{
    /// <summary>Loads the certificates (failing fast with the file named) and returns what makes a listener speak HTTPS.</summary>
    /// <exception cref="ControllerConfigException">A file is missing or not a PEM certificate or key.</exception>
    public static Action<ListenOptions> Load(ControllerTlsOptions tls)
    {
        var certificate = LoadServerCertificate(tls);
        var intermediates = LoadCertificates(tls.CertFile, "tls.cert_file");
        intermediates.RemoveAt(0);
        var clientRoots = tls.ClientCaFile is null ? null : LoadCertificates(tls.ClientCaFile, "tls.client_ca_file");
        return listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (intermediates.Count > 0)
            {
                https.ServerCertificateChain = intermediates;
            }

            https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
            if (clientRoots is null)
            {
                return;
            }

            https.ClientCertificateMode = tls.RequireClientCert ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (client, _, errors) => IsValidClient(client, errors, clientRoots);
        });
    }

    /// <summary>True when <paramref name="client"/> chains to one of <paramref name="roots"/> and is a client certificate.</summary>
    internal static bool IsValidClient(X509Certificate2 client, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }

    private static X509Certificate2 LoadServerCertificate(ControllerTlsOptions tls)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
            // Kestrel needs a key it can use for every handshake: re-import as PKCS#12 so the key is not ephemeral.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ControllerConfigException($"tls: cannot load cert_file {tls.CertFile} with key_file {tls.KeyFile}: {e.Message}", e);
        }
    }

    private static X509Certificate2Collection LoadCertificates(string file, string setting)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ControllerConfigException($"{setting}: cannot load {file}: {e.Message}", e);
        }

        return collection.Count > 0 ? collection : throw new ControllerConfigException($"{setting}: {file} holds no PEM certificate.");
    }
}
