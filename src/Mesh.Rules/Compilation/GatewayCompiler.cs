using System.Text.RegularExpressions;
using Mesh.Rules.Model;
using Mesh.Snapshots;
using ServicePort = Mesh.Snapshots.ServicePort;
using Mesh.Snapshots.Gateways;
using GatewayServer = Mesh.Snapshots.Gateways.GatewayServer;
using S = Mesh.Snapshots.Routing;

namespace Mesh.Rules.Compilation;

/// <summary>Compiles one gateway resource into its snapshot (host <c>gateway:&lt;name&gt;</c>).</summary>
internal static class GatewayCompiler
{
    /// <summary>
    /// The gateway's snapshot: HTTP and TCP routes of every virtual service listing the gateway (ordered by name, each
    /// route restricted to the virtual service's hosts through an authority match), ports and servers from the gateway.
    /// </summary>
    public static ProxySnapshot Compile(Gateway gateway, CompileContext ctx, string version, DateTimeOffset now)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var http = new List<S.HttpRoute>();
        var tcp = new List<S.TcpRoute>();
        foreach (var vs in ctx.Rules.OfKind<VirtualService>().OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            if (vs.Gateways.Count == 0 || !HostNames.AppliesTo(vs.Gateways, gateway.Name))
            {
                continue;
            }

            var authority = Authority(vs.Hosts);
            http.AddRange(vs.Http.Select(r => RouteConverter.Http(r, gateway.Name, authority, ctx, referenced)).OfType<S.HttpRoute>());
            tcp.AddRange(vs.Tcp.Select(r => RouteConverter.Tcp(r, gateway.Name, ctx, referenced)).OfType<S.TcpRoute>());
        }

        var ports = new SortedDictionary<int, ServicePort>();
        foreach (var server in gateway.Servers)
        {
            if (server.Port is { } port)
            {
                ports.TryAdd(port, new ServicePort { Number = port, Protocol = Protocol(server.Protocol), Name = server.PortName });
            }
        }

        return new ProxySnapshot
        {
            Version = version,
            Host = SnapshotCompiler.GatewayHostPrefix + gateway.Name,
            GeneratedAt = now,
            Ports = [.. ports.Values],
            Http = http,
            Tcp = tcp,
            Clusters = ClusterBuilder.Build(referenced, ctx),
            Gateway = new GatewaySettings
            {
                Name = gateway.Name,
                Selector = new Dictionary<string, string>(gateway.Selector, StringComparer.Ordinal),
                Servers = [.. gateway.Servers.Select(Server)],
            },
        };
    }

    /// <summary>Maps a rule protocol to a snapshot protocol (protocols the proxies do not parse are TCP).</summary>
    public static PortProtocol Protocol(Protocol? protocol) => protocol switch
    {
        Model.Protocol.Https => PortProtocol.Https,
        Model.Protocol.Http2 => PortProtocol.Http2,
        Model.Protocol.Grpc => PortProtocol.Grpc,
        Model.Protocol.Tcp or Model.Protocol.Mongo => PortProtocol.Tcp,
        Model.Protocol.Tls => PortProtocol.Tls,
        _ => PortProtocol.Http,
    };

    /// <summary>An authority regex accepting the hosts (with any port); null when a host is <c>*</c>.</summary>
    private static S.StringMatch? Authority(IReadOnlyList<string> hosts)
    {
        var canonical = hosts.Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (canonical.Count == 0 || canonical.Contains("*"))
        {
            return null;
        }

        var alternatives = canonical.Select(h => h.StartsWith("*.", StringComparison.Ordinal) ? ".+" + Regex.Escape(h[1..]) : Regex.Escape(h));
        return new S.StringMatch { Regex = "^(?:" + string.Join("|", alternatives) + ")(?::[0-9]+)?$" };
    }

    private static GatewayServer Server(Model.GatewayServer server) => new()
    {
        Port = server.Port ?? 0,
        Protocol = Protocol(server.Protocol),
        Name = server.PortName,
        Hosts = [.. server.Hosts],
        Bind = server.Bind,
        HttpsRedirect = server.HttpsRedirect ?? false,
        Tls = server.Tls is { } tls ? new GatewayTls
        {
            Mode = tls.Mode switch
            {
                ServerTlsMode.Mutual => GatewayTlsMode.Mutual,
                ServerTlsMode.Passthrough => GatewayTlsMode.Passthrough,
                ServerTlsMode.AutoPassthrough => GatewayTlsMode.AutoPassthrough,
                ServerTlsMode.MeshMutual => GatewayTlsMode.MeshMutual,
                ServerTlsMode.OptionalMutual => GatewayTlsMode.OptionalMutual,
                _ => GatewayTlsMode.Simple,
            },
            Certificate = tls.Certificate,
            PrivateKey = tls.PrivateKey,
            CaCertificates = tls.CaCertificates,
            CredentialName = tls.CredentialName,
            SubjectAltNames = [.. tls.SubjectAltNames],
            MinProtocolVersion = tls.MinProtocolVersion,
            MaxProtocolVersion = tls.MaxProtocolVersion,
            CipherSuites = [.. tls.CipherSuites],
        } : null,
    };
}
