using System.Net;
using Mesh.Hcl.Structure;

namespace Mesh.Agent.Configuration;

/// <summary>Decodes one <c>service "name" { … }</c> block.</summary>
internal static class ServiceBlockDecoder
{
    public static void Decode(HclBlock block, AgentOptions options, HclValueReader read, BodySchema serviceSchema, BodySchema checkSchema, BodySchema upstreamSchema)
    {
        var name = block.Labels.Count > 0 ? block.Labels[0] : "";
        if (name.Length == 0)
        {
            read.Error(block.DefRange, "A service block needs a name: service \"web\" { … }.");
            return;
        }

        if (options.Services.Any(s => s.Name == name))
        {
            read.Error(block.LabelRanges[0], $"Service \"{name}\" is declared twice.");
            return;
        }

        var content = block.Body.Content(serviceSchema, read.Diagnostics);
        var service = new LocalServiceOptions { Name = name };
        service.Port = read.Int(content, "port", 1, 65535) ?? 0;
        service.Address = read.String(content, "address") ?? service.Address;
        if (content.Attributes.TryGetValue("address", out var address) && !IPAddress.TryParse(service.Address, out _))
        {
            read.Error(address.Expression.Range, $"\"address\" must be an IP address, not \"{service.Address}\".");
        }

        service.Namespace = read.String(content, "namespace") ?? service.Namespace;
        service.InboundPort = read.Int(content, "inbound_port", 0, 65535) ?? service.InboundPort;
        service.InboundAddress = read.String(content, "inbound_address") ?? "";
        service.AdvertiseAddress = read.String(content, "advertise_address") ?? "";
        service.Protocol = ReadProtocol(content, read);
        foreach (var tag in read.StringList(content, "tags"))
        {
            service.Tags.Add(tag);
        }

        foreach (var (key, value) in read.StringMap(content, "meta"))
        {
            service.Meta[key] = value;
        }

        var localPorts = new HashSet<int>();
        foreach (var child in content.Blocks)
        {
            if (child.Type == "check")
            {
                var check = child.Body.Content(checkSchema, read.Diagnostics);
                service.CheckHttp = read.Url(check, "http")?.ToString();
                service.CheckInterval = read.Duration(check, "interval") ?? service.CheckInterval;
                continue;
            }

            var upstreamContent = child.Body.Content(upstreamSchema, read.Diagnostics);
            var upstream = new UpstreamOptions { Host = child.Labels.Count > 0 ? child.Labels[0] : "" };
            upstream.LocalPort = read.Int(upstreamContent, "local_port", 0, 65535) ?? 0;
            upstream.LocalAddress = read.String(upstreamContent, "local_address") ?? upstream.LocalAddress;
            upstream.Protocol = ReadProtocol(upstreamContent, read);
            if (upstream.LocalPort != 0 && !localPorts.Add(upstream.LocalPort))
            {
                read.Error(upstreamContent.Attributes["local_port"].Expression.Range, $"local_port {upstream.LocalPort} is used by another upstream of \"{name}\".");
            }

            if (upstream.Host == name)
            {
                read.Error(child.LabelRanges[0], $"Service \"{name}\" cannot be its own upstream.");
            }

            service.Upstreams.Add(upstream);
        }

        if (service.InboundPort != 0 && service.InboundPort == service.Port)
        {
            read.Error(content.Attributes.TryGetValue("inbound_port", out var inbound) ? inbound.Expression.Range : block.DefRange, $"inbound_port {service.InboundPort} is the application's own port.");
        }

        options.Services.Add(service);
    }

    private static ListenerProtocol ReadProtocol(BodyContent content, HclValueReader read)
    {
        switch (read.String(content, "protocol"))
        {
            case null or "http":
                return ListenerProtocol.Http;
            case "tcp":
                return ListenerProtocol.Tcp;
            case var other:
                read.Error(content.Attributes["protocol"].Expression.Range, $"\"protocol\" must be \"http\" or \"tcp\", not \"{other}\".");
                return ListenerProtocol.Http;
        }
    }
}
