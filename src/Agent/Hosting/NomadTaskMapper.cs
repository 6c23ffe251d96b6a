using Mesh.Agent.Configuration;
using Mesh.Nomad.Watching;

namespace Mesh.Agent.Hosting;

/// <summary>Turns a meshed Nomad task into the same service description as a <c>service</c> block.</summary>
internal static class NomadTaskMapper
{
    public static LocalServiceOptions ToService(MeshedTask task)
    {
        var service = new LocalServiceOptions
        {
            Name = task.ServiceName,
            Address = task.Address,
            Port = task.Port,
            Namespace = task.Namespace.Length > 0 ? task.Namespace : "default",
            InboundPort = 0,
            AdvertiseAddress = task.Address,
        };
        foreach (var tag in task.Tags)
        {
            service.Tags.Add(tag);
        }

        foreach (var (key, value) in task.Meta)
        {
            service.Meta[key] = value;
        }

        foreach (var upstream in task.Upstreams)
        {
            service.Upstreams.Add(new UpstreamOptions { Host = upstream.ServiceName, LocalPort = upstream.LocalPort });
        }

        return service;
    }
}
