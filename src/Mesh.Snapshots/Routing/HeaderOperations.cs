namespace Mesh.Snapshots.Routing;

/// <summary>Header changes for requests and responses.</summary>
public sealed record HeaderOperations
{
    /// <summary>Changes to the request sent upstream.</summary>
    public HeaderMutation? Request { get; init; }

    /// <summary>Changes to the response sent to the client.</summary>
    public HeaderMutation? Response { get; init; }
}
