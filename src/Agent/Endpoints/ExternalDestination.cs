namespace Mesh.Agent.Endpoints;

/// <summary>The <c>service_entry</c> destination behind an external endpoint: its host, entry port and endpoint labels.</summary>
internal sealed record ExternalDestination(string Host, int Port, IReadOnlyDictionary<string, string> Labels);
