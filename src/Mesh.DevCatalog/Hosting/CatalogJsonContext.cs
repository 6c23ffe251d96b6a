using System.Text.Json.Serialization;
using Mesh.DevCatalog.Catalog;
using Mesh.DevCatalog.Kv;
using Mesh.DevCatalog.Sessions;
using Mesh.DevCatalog.Txn;

namespace Mesh.DevCatalog.Hosting;

/// <summary>Source-generated JSON for every wire and persisted type, with Consul's PascalCase names; input is case-insensitive like Go's decoder.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(IReadOnlyList<KvEntry>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(IReadOnlyList<SessionEntry>))]
[JsonSerializable(typeof(SessionCreateRequest))]
[JsonSerializable(typeof(SessionCreated))]
[JsonSerializable(typeof(List<TxnOp>))]
[JsonSerializable(typeof(TxnResponse))]
[JsonSerializable(typeof(ServiceDefinition))]
[JsonSerializable(typeof(ServiceInstance))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, ServiceInstance>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, CheckState>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>))]
[JsonSerializable(typeof(IReadOnlyList<CatalogServiceEntry>))]
[JsonSerializable(typeof(IReadOnlyList<HealthEntry>))]
[JsonSerializable(typeof(AgentSelf))]
[JsonSerializable(typeof(CheckUpdate))]
[JsonSerializable(typeof(PersistedState))]
[JsonSerializable(typeof(CatalogRegistration))]
[JsonSerializable(typeof(CatalogDeregistration))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
