using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>Reads <c>peer_authentication</c> and <c>authorization_policy</c> blocks.</summary>
internal static class SecurityDecoders
{
    public static PeerAuthentication ReadPeerAuthentication(BodyReader r) => new()
    {
        Name = r.Label,
        DeclRange = r.BlockRange,
        Ranges = r.Ranges,
        Selector = r.StringMap("selector"),
        Mode = r.Enum<MtlsMode>("mode"),
        PortLevelMtls = r.EnumMap<MtlsMode>("port_level_mtls"),
    };

    public static AuthorizationPolicy ReadAuthorizationPolicy(BodyReader r) => new()
    {
        Name = r.Label,
        DeclRange = r.BlockRange,
        Ranges = r.Ranges,
        Selector = r.StringMap("selector"),
        Action = r.Enum<AuthorizationAction>("action"),
        Provider = r.String("provider"),
        Rules = r.Blocks("rule", ReadRule),
    };

    private static AuthorizationRule ReadRule(BodyReader r) => new()
    {
        From = r.Blocks("from", c => new RuleSource
        {
            Principals = c.Strings("principals"),
            NotPrincipals = c.Strings("not_principals"),
            RequestPrincipals = c.Strings("request_principals"),
            NotRequestPrincipals = c.Strings("not_request_principals"),
            Namespaces = c.Strings("namespaces"),
            NotNamespaces = c.Strings("not_namespaces"),
            IpBlocks = c.Strings("ip_blocks"),
            NotIpBlocks = c.Strings("not_ip_blocks"),
            RemoteIpBlocks = c.Strings("remote_ip_blocks"),
            NotRemoteIpBlocks = c.Strings("not_remote_ip_blocks"),
            Ranges = c.Ranges,
        }),
        To = r.Blocks("to", c => new RuleOperation
        {
            Hosts = c.Strings("hosts"),
            NotHosts = c.Strings("not_hosts"),
            Ports = c.Strings("ports"),
            NotPorts = c.Strings("not_ports"),
            Methods = c.Strings("methods"),
            NotMethods = c.Strings("not_methods"),
            Paths = c.Strings("paths"),
            NotPaths = c.Strings("not_paths"),
            Ranges = c.Ranges,
        }),
        When = r.Blocks("when", c => new RuleCondition
        {
            Key = c.String("key", required: true) ?? "",
            Values = c.Strings("values"),
            NotValues = c.Strings("not_values"),
            Ranges = c.Ranges,
        }),
        Ranges = r.Ranges,
    };
}
