using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>
/// Syntax checks of a destination rule's <c>tls</c> block. The files live on the agents' hosts, so only their form is
/// checked here (absolute paths, certificate and key together); the agent reads them when it applies the snapshot.
/// </summary>
internal static class TlsChecks
{
    public static void Check(DestinationRule dr, ClientTls? tls, string where, Findings f)
    {
        if (tls is null)
        {
            return;
        }

        foreach (var (attribute, path) in new[] { ("client_certificate", tls.ClientCertificate), ("private_key", tls.PrivateKey), ("ca_certificates", tls.CaCertificates) })
        {
            if (path is not null && !IsAbsolute(path))
            {
                f.Error(RuleCodes.BadClientTlsFiles, "TLS file path is not absolute",
                    $"{where}, tls {attribute} = \"{path}\" is not an absolute path; the file is read on each agent's host, where a relative path has no meaning.",
                    Findings.At(dr, tls.Ranges, attribute), "Use an absolute path such as \"/etc/mesh/certs/" + attribute.Replace('_', '-') + ".pem\".");
            }
        }

        if ((tls.ClientCertificate is null) != (tls.PrivateKey is null))
        {
            var given = tls.ClientCertificate is null ? "private_key" : "client_certificate";
            var missing = tls.ClientCertificate is null ? "client_certificate" : "private_key";
            f.Error(RuleCodes.BadClientTlsFiles, "Client certificate and key must be given together",
                $"{where}, tls has {given} but no {missing}.", Findings.At(dr, tls.Ranges, given), $"Add {missing}, or remove {given}.");
        }

        if (tls.Mode == ClientTlsMode.Mutual && tls.ClientCertificate is null && tls.PrivateKey is null && tls.CredentialName is null)
        {
            f.Error(RuleCodes.BadClientTlsFiles, "Mutual TLS without a client certificate",
                $"{where}, tls mode = \"mutual\" needs client_certificate and private_key.", Findings.At(dr, tls.Ranges, "mode"),
                "Add client_certificate and private_key (PEM files on the agent hosts), or use mode = \"simple\".");
        }

        if (tls.CredentialName is not null)
        {
            f.Error(RuleCodes.UnsupportedTlsCredential, "credential_name is not supported for destination rules",
                $"{where}, tls credential_name = \"{tls.CredentialName}\": credential_name is not supported for destination rules (only for gateway servers).",
                Findings.At(dr, tls.Ranges, "credential_name"), "Use client_certificate and private_key (PEM files on the agent hosts).");
        }
    }

    // Unix paths, and Windows drive paths for agents on Windows hosts.
    private static bool IsAbsolute(string path) =>
        path.StartsWith('/') || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/');
}
