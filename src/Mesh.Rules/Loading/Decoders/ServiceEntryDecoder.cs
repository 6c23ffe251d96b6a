using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>Reads <c>service_entry</c> blocks.</summary>
internal static class ServiceEntryDecoder
{
    public static ServiceEntry Read(BodyReader r) => new()
    {
        Name = r.Label,
        DeclRange = r.BlockRange,
        Ranges = r.Ranges,
        Hosts = r.Strings("hosts", required: true),
        Addresses = r.Strings("addresses"),
        Location = r.Enum<ServiceLocation>("location"),
        Resolution = r.Enum<ServiceResolution>("resolution"),
        SubjectAltNames = r.Strings("subject_alt_names"),
        ExportTo = r.Strings("export_to"),
        Ports = r.Blocks("port", c => new ServicePort
        {
            Number = c.Int("number", required: true),
            Protocol = c.Enum<Protocol>("protocol"),
            Name = c.String("name", required: true) ?? "",
            TargetPort = c.Int("target_port"),
            Ranges = c.Ranges,
        }),
        Endpoints = r.Blocks("endpoint", c => new WorkloadEntry
        {
            Address = c.String("address", required: true) ?? "",
            Ports = c.IntMap("ports"),
            Labels = c.StringMap("labels"),
            Network = c.String("network"),
            Locality = c.String("locality"),
            Weight = c.Int("weight"),
            Ranges = c.Ranges,
        }),
    };
}
