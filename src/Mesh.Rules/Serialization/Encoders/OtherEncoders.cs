using Mesh.Rules.Model;

namespace Mesh.Rules.Serialization.Encoders;

/// <summary>Writes service entries, peer authentications and authorization policies.</summary>
internal static class OtherEncoders
{
    public static OutBody Write(ServiceEntry s) => new OutBody()
        .List("hosts", s.Hosts)
        .List("addresses", s.Addresses)
        .Enum("location", s.Location)
        .Enum("resolution", s.Resolution)
        .List("subject_alt_names", s.SubjectAltNames)
        .List("export_to", s.ExportTo)
        .Blocks("port", s.Ports, p => new OutBody()
            .Attr("number", p.Number)
            .Enum("protocol", p.Protocol)
            .Attr("name", p.Name)
            .Attr("target_port", p.TargetPort))
        .Blocks("endpoint", s.Endpoints, e => new OutBody()
            .Attr("address", e.Address)
            .Map("ports", e.Ports)
            .Map("labels", e.Labels)
            .Attr("network", e.Network)
            .Attr("locality", e.Locality)
            .Attr("weight", e.Weight));

    public static OutBody Write(PeerAuthentication p) => new OutBody()
        .Map("selector", p.Selector)
        .Enum("mode", p.Mode)
        .EnumMap("port_level_mtls", p.PortLevelMtls);

    public static OutBody Write(AuthorizationPolicy a) => new OutBody()
        .Map("selector", a.Selector)
        .Enum("action", a.Action)
        .Attr("provider", a.Provider)
        .Blocks("rule", a.Rules, r => new OutBody()
            .Blocks("from", r.From, s => new OutBody()
                .List("principals", s.Principals)
                .List("not_principals", s.NotPrincipals)
                .List("request_principals", s.RequestPrincipals)
                .List("not_request_principals", s.NotRequestPrincipals)
                .List("namespaces", s.Namespaces)
                .List("not_namespaces", s.NotNamespaces)
                .List("ip_blocks", s.IpBlocks)
                .List("not_ip_blocks", s.NotIpBlocks)
                .List("remote_ip_blocks", s.RemoteIpBlocks)
                .List("not_remote_ip_blocks", s.NotRemoteIpBlocks))
            .Blocks("to", r.To, o => new OutBody()
                .List("hosts", o.Hosts)
                .List("not_hosts", o.NotHosts)
                .List("ports", o.Ports)
                .List("not_ports", o.NotPorts)
                .List("methods", o.Methods)
                .List("not_methods", o.NotMethods)
                .List("paths", o.Paths)
                .List("not_paths", o.NotPaths))
            .Blocks("when", r.When, c => new OutBody()
                .Attr("key", c.Key)
                .List("values", c.Values)
                .List("not_values", c.NotValues)));

    /// <summary>Writes any resource.</summary>
    public static OutBody WriteAny(Resource resource) => resource switch
    {
        Gateway g => GatewayEncoder.Write(g),
        VirtualService v => VirtualServiceEncoder.Write(v),
        DestinationRule d => DestinationRuleEncoder.Write(d),
        ServiceEntry s => Write(s),
        PeerAuthentication p => Write(p),
        AuthorizationPolicy a => Write(a),
        _ => throw new ArgumentException($"Unknown resource type {resource.GetType().Name}.", nameof(resource)),
    };
}
