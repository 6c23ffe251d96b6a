using System.Text;
using System.Threading.Channels;
using Mesh.Consul;
using Mesh.Consul.Locking;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.Controller.RulesDir;

namespace Mesh.Controller.Hosting;

/// <summary>Campaigns for <c>mesh/leader</c>; while this replica leads, it runs the <see cref="CompileLoop"/>.</summary>
internal sealed partial class LeaderService(
    ConsulClient consul,
    ControllerOptions options,
    IServiceProvider services,
    ILogger<LeaderService> logger,
    ILogger<LeaderElection> electionLogger) : BackgroundService
{
    private volatile bool _isLeader;

    /// <summary>Whether this replica leads (and compiles).</summary>
    public bool IsLeader => _isLeader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateUnbounded<bool>();
        var election = new LeaderElection(
            consul,
            new LeaderElectionOptions
            {
                Key = options.LeaderKey,
                Value = Encoding.UTF8.GetBytes(options.InstanceName),
                SessionName = "mesh-controller",
                SessionTtl = options.LeaderSessionTtl,
                LockDelay = options.LeaderLockDelay,
            },
            options.TimeProvider,
            electionLogger);
        await using (election.ConfigureAwait(false))
        {
            election.LeadershipChanged += (_, e) => changes.Writer.TryWrite(e.IsLeader);
            election.Start();
            CancellationTokenSource? leading = null;
            Task? loop = null;
            try
            {
                await foreach (var isLeader in changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    _isLeader = isLeader;
                    LogLeadership(logger, options.InstanceName, isLeader);
                    if (isLeader && loop is null)
                    {
                        leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        loop = LeadAsync(leading.Token);
                    }
                    else if (!isLeader && loop is not null)
                    {
                        await StopAsync(leading!, loop).ConfigureAwait(false);
                        leading = null;
                        loop = null;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: the election releases the lock when disposed.
            }
            finally
            {
                if (loop is not null)
                {
                    await StopAsync(leading!, loop).ConfigureAwait(false);
                }

                _isLeader = false;
            }
        }
    }

    /// <summary>The leader's work: the compile loop and, with <c>rules_dir</c>, its reconciliation.</summary>
    private Task LeadAsync(CancellationToken cancellationToken)
    {
        var compileLoop = ActivatorUtilities.CreateInstance<CompileLoop>(services);
        var compiling = compileLoop.RunAsync(cancellationToken);
        if (options.RulesDirectory is null)
        {
            return compiling;
        }

        var reconciler = ActivatorUtilities.CreateInstance<RulesDirReconciler>(services);
        return Task.WhenAll(compiling, reconciler.RunAsync(cancellationToken));
    }

    private static async Task StopAsync(CancellationTokenSource leading, Task loop)
    {
        await leading.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected.
        }
        finally
        {
            leading.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Instance} leadership: {IsLeader}")]
    private static partial void LogLeadership(ILogger logger, string instance, bool isLeader);
}
