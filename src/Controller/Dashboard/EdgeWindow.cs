namespace Mesh.Controller.Dashboard;

/// <summary>One edge of one traffic report: what happened between the report and the one before it.</summary>
/// <param name="Source">The calling service.</param>
/// <param name="Destination">The called service.</param>
/// <param name="Version">The called version, if any.</param>
/// <param name="Requests">Requests in the window.</param>
/// <param name="Errors">Failed requests in the window.</param>
/// <param name="DurationMs">The summed durations of the window's requests.</param>
/// <param name="Seconds">The window's length; 0 when there is no earlier report to compare with.</param>
/// <param name="LastActive">When (controller clock) the edge's counters last moved, or it first appeared.</param>
internal sealed record EdgeWindow(
    string Source,
    string Destination,
    string? Version,
    long Requests,
    long Errors,
    double DurationMs,
    double Seconds,
    DateTimeOffset LastActive);
