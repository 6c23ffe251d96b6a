using System.Text.Json.Serialization;
using Mesh.Consul.Agent;
using Mesh.Consul.Health;
using Mesh.Consul.Kv;
using Mesh.Consul.Sessions;
using Mesh.Consul.Txn;

namespace Mesh.Consul.Http;

/// <summary>Source-generated JSON metadata; Consul's names are PascalCase like ours, so no naming policy.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<KvEntry>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<TxnOpWire>))]
[JsonSerializable(typeof(TxnResponseWire))]
[JsonSerializable(typeof(ServiceRegistration))]
[JsonSerializable(typeof(CheckUpdateWire))]
[JsonSerializable(typeof(Dictionary<string, AgentService>))]
[JsonSerializable(typeof(AgentSelfWire))]
[JsonSerializable(typeof(List<ServiceEntry>))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(SessionCreateWire))]
[JsonSerializable(typeof(SessionIdWire))]
[JsonSerializable(typeof(string))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;
