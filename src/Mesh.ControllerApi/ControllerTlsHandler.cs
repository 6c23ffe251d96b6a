using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControllerApi;

/// <summary>Builds the <see cref="SocketsHttpHandler"/> behind <see cref="ControllerClient.Create"/>.</summary>
internal sealed class ControllerTlsHandler
{
    private X509Certificate2Collection? _roots;
    private volatile string? _lastRejection;

    /// <summary>Why the last server certificate was rejected, for the error message.</summary>
    public string? LastRejection => _lastRejection;

    /// <exception cref="ControllerApiException">A file cannot be read or holds no certificate or key.</exception>
    public SocketsHttpHandler Create(ControllerTlsSettings settings)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (settings.CaFile is { } caFile)
        {
            _roots = Load(caFile, collection => collection.ImportFromPemFile(caFile));
            handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        }

        if (settings.ClientCertificateFile is { } certFile)
        {
            var certificate = Load(certFile, _ =>
            {
                using var pem = X509Certificate2.CreateFromPemFile(certFile, settings.ClientKeyFile);
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
            });
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return handler;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            _lastRejection = "the controller presented no certificate";
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            _lastRejection = "the controller's certificate does not name the address connected to";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (chain.Build(leaf))
        {
            _lastRejection = null;
            return true;
        }

        var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        _lastRejection = $"the controller's certificate ({leaf.Subject}) does not chain to the configured CA ({status})";
        return false;
    }

    private static T Load<T>(string file, Func<X509Certificate2Collection, T> load)
        where T : class
    {
        try
        {
            return load(new X509Certificate2Collection());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ControllerApiException($"Cannot load {file}: {e.Message}", e);
        }
    }

    private static X509Certificate2Collection Load(string file, Action<X509Certificate2Collection> import)
    {
        var collection = Load(file, c =>
        {
            import(c);
            return c;
        });
        return collection.Count > 0 ? collection : throw new ControllerApiException($"{file} holds no PEM certificate.");
    }
}
