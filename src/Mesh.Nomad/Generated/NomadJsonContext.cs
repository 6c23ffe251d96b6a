using System.Text.Json.Serialization;

namespace Mesh.Nomad.Generated;

/// <summary>Source-generated JSON metadata for the generated client's types (no reflection at run time).</summary>
[JsonSerializable(typeof(AgentSelf))]
[JsonSerializable(typeof(Allocation))]
[JsonSerializable(typeof(ICollection<Allocation>))]
[JsonSerializable(typeof(ICollection<AllocationStub>))]
[JsonSerializable(typeof(ICollection<ServiceNamespace>))]
[JsonSerializable(typeof(ICollection<ServiceRegistration>))]
[JsonSerializable(typeof(string))]
internal sealed partial class NomadJsonContext : JsonSerializerContext;
