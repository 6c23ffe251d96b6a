namespace Mesh.Consul.Agent;

/// <summary>The body of <c>PUT /v1/agent/check/update/&lt;id&gt;</c>.</summary>
internal sealed class CheckUpdateWire
{
    public required string Status { get; init; }

    public string? Output { get; init; }
}
