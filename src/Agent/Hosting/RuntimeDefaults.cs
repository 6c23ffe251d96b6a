namespace Mesh.Agent.Hosting;

/// <summary>
/// The runtime defaults a runtimeconfig cannot express (docs/proxy.md "Runtime settings"): a setting the runtime reads
/// only from the environment, and a minimum that depends on the CPU count. Applied at the start of <c>Main</c>, before
/// any socket or thread-pool work exists; an operator's environment variable always wins.
/// </summary>
internal static class RuntimeDefaults
{
    /// <summary>The runtime's switch for inline socket completions.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The runtime's variable that fixes the thread pool's minimum of worker threads.</summary>
    public const string MinWorkerThreadsVariable = "DOTNET_ThreadPool_ForceMinWorkerThreads";

    /// <summary>The fewest thread-pool workers the agent keeps ready, whatever the CPU count.</summary>
    public const int MinWorkerThreads = 4;

    /// <summary>Applies the defaults whose variables <paramref name="environment"/> does not set.</summary>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="setEnvironment">Sets an environment variable for the runtime to read later.</param>
    public static void Apply(Func<string, string?> environment, Action<string, string> setEnvironment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(setEnvironment);

        // Inline completions: the socket engine thread runs the continuation of each socket operation itself instead
        // of queueing it to the thread pool (15–35 % less CPU per proxied request, 2026-11-25). The runtime reads the
        // variable when the first socket is used, so setting it here is early enough.
        if (environment(InlineCompletionsVariable) is null)
        {
            setEnvironment(InlineCompletionsVariable, "1");
        }

        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (RaisedMinWorkerThreads(environment, workers) is { } raised)
        {
            ThreadPool.SetMinThreads(raised, completionPorts);
        }
    }

    /// <summary>
    /// The thread pool's new minimum of workers, or null to keep <paramref name="currentMinimum"/>. The pool's default
    /// minimum is the CPU count, so an agent confined to one CPU (taskset, a cgroup quota) handed Kestrel's requests to
    /// one worker, and that worker and the socket engine thread preempted each other about once per request: 0.9 thread
    /// switches and 20–25 % more CPU per proxied request than with 4 or more workers (2026-12-05, docs/proxy.md). The
    /// floor never lowers the minimum of a larger host, and an operator's variable replaces it.
    /// </summary>
    public static int? RaisedMinWorkerThreads(Func<string, string?> environment, int currentMinimum)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(MinWorkerThreadsVariable) is null && currentMinimum < MinWorkerThreads ? MinWorkerThreads : null;
    }
}
