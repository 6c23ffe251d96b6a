using Mesh.Rules.Model;

namespace Mesh.Rules.Serialization.Encoders;

/// <summary>Writes gateways.</summary>
internal static class GatewayEncoder
{
    public static OutBody Write(Gateway g) => new OutBody()
        .Map("selector", g.Selector)
        .Blocks("server", g.Servers, WriteServer);

    private static OutBody WriteServer(GatewayServer s) => new OutBody()
        .Attr("port", s.Port)
        .Enum("protocol", s.Protocol)
        .Attr("port_name", s.PortName)
        .List("hosts", s.Hosts)
        .Attr("bind", s.Bind)
        .Attr("https_redirect", s.HttpsRedirect)
        .Block("tls", s.Tls, t => new OutBody()
            .Enum("mode", t.Mode)
            .Attr("certificate", t.Certificate)
            .Attr("private_key", t.PrivateKey)
            .Attr("ca_certificates", t.CaCertificates)
            .Attr("credential_name", t.CredentialName)
            .List("subject_alt_names", t.SubjectAltNames)
            .Attr("min_protocol_version", t.MinProtocolVersion)
            .Attr("max_protocol_version", t.MaxProtocolVersion)
            .List("cipher_suites", t.CipherSuites));
}
