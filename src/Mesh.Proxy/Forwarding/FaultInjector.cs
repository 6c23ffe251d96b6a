using Mesh.Proxy.Balancing;
using Mesh.Proxy.Observability;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Forwarding;

/// <summary>Istio fault injection: a delay, then possibly an abort, each with its own percentage.</summary>
internal static class FaultInjector
{
    /// <summary>Applies the fault; returns true when the request was aborted (the reply is written).</summary>
    public static async ValueTask<bool> ApplyAsync(FaultInjection fault, HttpContext context, ProxyRandom random, TimeProvider time)
    {
        if (fault.Delay is { } delay && delay.Fixed > TimeSpan.Zero && random.Chance(delay.Percentage))
        {
            await Task.Delay(delay.Fixed, time, context.RequestAborted).ConfigureAwait(false);
            RequestObservation.Flag(context, ResponseFlags.DelayInjected);
        }

        if (fault.Abort is { HttpStatus: { } status } abort && random.Chance(abort.Percentage))
        {
            RequestObservation.Flag(context, ResponseFlags.FaultInjected);
            await ProxyResponses.WriteAsync(context, status, "fault filter abort").ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
