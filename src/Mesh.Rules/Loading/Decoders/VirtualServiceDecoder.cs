using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>Reads <c>virtual_service</c> blocks.</summary>
internal static class VirtualServiceDecoder
{
    public static VirtualService Read(BodyReader r) => new()
    {
        Name = r.Label,
        DeclRange = r.BlockRange,
        Ranges = r.Ranges,
        Hosts = r.Strings("hosts", required: true),
        Gateways = r.Strings("gateways"),
        ExportTo = r.Strings("export_to"),
        Http = r.Blocks("http", HttpRouteDecoder.Read, labelled: true),
        Tcp = r.Blocks("tcp", ReadTcp, labelled: true),
    };

    private static TcpRoute ReadTcp(BodyReader r) => new()
    {
        Name = r.Label,
        Match = r.Blocks("match", ReadTcpMatch),
        Route = r.Blocks("route", ReadDestination),
        Ranges = r.Ranges,
    };

    private static TcpMatch ReadTcpMatch(BodyReader r) => new()
    {
        DestinationSubnets = r.Strings("destination_subnets"),
        Port = r.Int("port"),
        SourceLabels = r.StringMap("source_labels"),
        Gateways = r.Strings("gateways"),
        Ranges = r.Ranges,
    };

    private static RouteDestination ReadDestination(BodyReader r) => new()
    {
        Destination = r.String("destination", required: true) ?? "",
        Subset = r.String("subset"),
        Port = r.Int("port"),
        Weight = r.Int("weight"),
        Ranges = r.Ranges,
    };
}
