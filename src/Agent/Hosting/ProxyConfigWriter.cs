using System.Text.Json;
using Mesh.Agent.Snapshots;
using Mesh.Snapshots.Serialization;

namespace Mesh.Agent.Hosting;

/// <summary>The body of <c>GET /v1/proxy-config</c> (what <c>meshctl proxy-config</c> prints): per service, the snapshots it serves.</summary>
internal static class ProxyConfigWriter
{
    public static byte[] Write(string node, IEnumerable<WorkloadRuntime> workloads, SnapshotManager snapshots)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("node", node);
            json.WriteStartObject("services");
            foreach (var workload in workloads.OrderBy(w => w.Service.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject(workload.Service.Name);
                json.WriteString("service_id", workload.ServiceId);
                json.WriteString("inbound", workload.InboundEndPoint?.ToString());
                json.WriteString("identity", workload.Certificate?.Id.ToString());
                if (workload.Certificate is { } certificate)
                {
                    json.WriteString("certificate_expires", certificate.NotAfter);
                }

                json.WriteStartObject("upstreams");
                foreach (var (host, endPoint) in workload.OutboundEndPoints)
                {
                    json.WriteString(host, endPoint.ToString());
                }

                json.WriteEndObject();
                json.WriteStartObject("snapshots");
                foreach (var host in workload.Hosts)
                {
                    if (snapshots.Get(host) is not { } state)
                    {
                        continue;
                    }

                    json.WriteStartObject(host);
                    json.WriteString("origin", state.Origin);
                    json.WriteString("version", state.Current?.Version);
                    if (state.RejectedError is { } error)
                    {
                        json.WriteString("rejected", error);
                    }

                    if (state.Current is { } current)
                    {
                        json.WritePropertyName("snapshot");
                        json.WriteRawValue(SnapshotSerializer.Serialize(current));
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
