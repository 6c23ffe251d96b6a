using Mesh.Rules.Model;
using Mesh.Snapshots;

namespace Mesh.Rules.Validation;

/// <summary>
/// Syntax checks of a destination rule's <c>tls</c> block. The files live on the agents' hosts, so only their form is
/// checked here (absolute paths, certificate and key together); the agent reads them when it applies the snapshot.
/// A <c>credential_name</c> must name a Vault PKI role and replace the client certificate files of <c>mode = "mutual"</c>;
/// the agent has Vault sign the certificate when it applies the snapshot.
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
                $"{where}, tls mode = \"mutual\" needs client_certificate and private_key, or credential_name.", Findings.At(dr, tls.Ranges, "mode"),
                "Add client_certificate and private_key (PEM files on the agent hosts), or credential_name = \"vault:<mount>/roles/<role>\", or use mode = \"simple\".");
        }

        if (tls.CredentialName is { } credential)
        {
            CheckCredential(dr, tls, credential, where, f);
        }
    }

    /// <summary>
    /// <c>credential_name = "vault:&lt;mount&gt;/roles/&lt;role&gt;"</c>: the client certificate of <c>mode = "mutual"</c>, signed
    /// by that Vault PKI role for the calling agent; it replaces <c>client_certificate</c>/<c>private_key</c>.
    /// </summary>
    private static void CheckCredential(DestinationRule dr, ClientTls tls, string credential, string where, Findings f)
    {
        var at = Findings.At(dr, tls.Ranges, "credential_name");
        if (!VaultCredentialName.TryParse(credential, out _))
        {
            f.Error(RuleCodes.BadTlsCredential, "credential_name is not a Vault PKI role",
                $"{where}, tls credential_name = \"{credential}\" is not of the form \"vault:<mount>/roles/<role>\".",
                at, "Name the Vault PKI role that signs the client certificate, for example \"vault:pki/roles/payments-client\".");
        }

        if (tls.ClientCertificate is not null || tls.PrivateKey is not null)
        {
            var given = tls.ClientCertificate is not null ? "client_certificate" : "private_key";
            f.Error(RuleCodes.BadTlsCredential, "credential_name together with client certificate files",
                $"{where}, tls has both credential_name and {given}: the client certificate comes from one or the other.",
                at, "Remove credential_name, or remove client_certificate and private_key.");
        }

        if (tls.Mode != ClientTlsMode.Mutual)
        {
            f.Error(RuleCodes.BadTlsCredential, "credential_name without mode mutual",
                $"{where}, tls credential_name = \"{credential}\" names a client certificate, which only mode = \"mutual\" presents.",
                at, "Set mode = \"mutual\", or remove credential_name.");
        }
    }

    // Unix paths, and Windows drive paths for agents on Windows hosts.
    private static bool IsAbsolute(string path) =>
        path.StartsWith('/') || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/');
}
