using Microsoft.Extensions.Logging;

namespace Mesh.Nomad.Watching;

internal static partial class AllocationWatcherLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Watching the allocations of Nomad node {NodeId}")]
    public static partial void Watching(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Nomad query failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void QueryFailed(ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Nomad's allocation index went backwards from {Previous} to {Current}; starting over from a full read")]
    public static partial void IndexReset(ILogger logger, ulong previous, ulong current);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Not meshing: {Problem}")]
    public static partial void NotMeshed(ILogger logger, string problem);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Meshed task {Change}: {Task}")]
    public static partial void Changed(ILogger logger, MeshedTaskChangeKind change, MeshedTask task);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Nomad reports no known leader; the allocations may be stale")]
    public static partial void NoLeader(ILogger logger);
}
