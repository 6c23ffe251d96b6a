using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>Reads <c>gateway</c> blocks.</summary>
internal static class GatewayDecoder
{
    public static Gateway Read(BodyReader r) => new()
    {
        Name = r.Label,
        DeclRange = r.BlockRange,
        Ranges = r.Ranges,
        Selector = r.StringMap("selector"),
        Servers = r.Blocks("server", ReadServer),
    };

    private static GatewayServer ReadServer(BodyReader r) => new()
    {
        Port = r.Int("port", required: true),
        Protocol = r.Enum<Protocol>("protocol", required: true),
        PortName = r.String("port_name"),
        Hosts = r.Strings("hosts", required: true),
        Bind = r.String("bind"),
        HttpsRedirect = r.Bool("https_redirect"),
        Tls = r.Block("tls", ReadTls),
        Ranges = r.Ranges,
    };

    private static ServerTls ReadTls(BodyReader r) => new()
    {
        Mode = r.Enum<ServerTlsMode>("mode"),
        Certificate = r.String("certificate"),
        PrivateKey = r.String("private_key"),
        CaCertificates = r.String("ca_certificates"),
        CredentialName = r.String("credential_name"),
        SubjectAltNames = r.Strings("subject_alt_names"),
        MinProtocolVersion = r.String("min_protocol_version"),
        MaxProtocolVersion = r.String("max_protocol_version"),
        CipherSuites = r.Strings("cipher_suites"),
        Ranges = r.Ranges,
    };
}
