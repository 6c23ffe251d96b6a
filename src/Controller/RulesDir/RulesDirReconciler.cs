using System.Globalization;
using System.Text.Json;
using Mesh.Consul;
using Mesh.Controller.Compilation;
using Mesh.Controller.Configuration;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;

namespace Mesh.Controller.RulesDir;

/// <summary>
/// The leader's GitOps loop: every <see cref="ControllerOptions.RulesPollInterval"/> it reads <c>rules_dir</c> as one
/// bundle and applies it through the same store as the API, with prune scoped to resources of origin
/// <c>rules_dir</c> (resources applied through the API are never pruned). A bundle with errors is not applied at all;
/// the outcome is written to <c>mesh/status/rules_dir</c> for <c>GET /v1/status</c>.
/// </summary>
internal sealed partial class RulesDirReconciler(
    ConsulClient consul,
    DesiredStateStore store,
    IBundleEvaluator evaluator,
    ControllerOptions options,
    ILogger<RulesDirReconciler> logger)
{
    private readonly string _directory = Path.GetFullPath(options.RulesDirectory ?? throw new InvalidOperationException("rules_dir is not configured."));
    private RulesDirStatus? _status;
    private string? _rejectedHash;

    /// <summary>Reconciles until cancelled (leadership lost or shutdown).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or ConsulException or InvalidOperationException or JsonException)
            {
                LogReconcileFailed(logger, _directory, e);
            }

            await Task.Delay(options.RulesPollInterval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the directory once and applies it if it is valid and differs from the stored state.</summary>
    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        _status ??= await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
        RulesDirContent content;
        try
        {
            content = RulesDirReader.Read(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missing or unreadable directory prunes nothing: it may be a mount that is not there yet.
            await RejectAsync(null, $"{_directory}: {e.Message}", [], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (string.Equals(content.Hash, _rejectedHash, StringComparison.Ordinal))
        {
            return;
        }

        var current = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var others = current.Resources.Where(r => !string.Equals(r.Origin, Origins.RulesDir, StringComparison.Ordinal)).ToList();
        var evaluation = evaluator.Evaluate(new ApplyRequest { Files = content.Files }, others);
        if (evaluation.HasErrors)
        {
            var errors = evaluation.Diagnostics.Where(d => string.Equals(d.Severity, "error", StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var error in errors)
            {
                LogInvalid(logger, Describe(error));
            }

            await RejectAsync(content.Hash, Describe(errors[0]), evaluation.Diagnostics, cancellationToken).ConfigureAwait(false);
            return;
        }

        ApplyOutcome outcome;
        try
        {
            outcome = await store.ApplyAsync(current, evaluation.Resources, prune: true, dryRun: false, Origins.RulesDir, cancellationToken).ConfigureAwait(false);
        }
        catch (ApplyConflictException)
        {
            // Someone committed meanwhile: the next poll applies on top of it.
            LogConflict(logger, _directory);
            return;
        }
        catch (ArgumentException e)
        {
            LogInvalid(logger, e.Message);
            await RejectAsync(content.Hash, e.Message, evaluation.Diagnostics, cancellationToken).ConfigureAwait(false);
            return;
        }

        _rejectedHash = null;
        if (outcome.Committed)
        {
            var changed = outcome.Changes.Count(c => c.Action != ChangeAction.Unchanged);
            LogApplied(logger, _directory, outcome.Generation, changed);
        }

        var appliedGeneration = outcome.Committed || _status?.LastAppliedHash != content.Hash ? outcome.Generation : _status.LastAppliedGeneration;
        await WriteStatusAsync(new RulesDirStatus(_directory, appliedGeneration, content.Hash, null, evaluation.Diagnostics, options.TimeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Formats a finding as <c>file:line: summary: detail</c>.</summary>
    internal static string Describe(DiagnosticDto diagnostic)
    {
        var where = diagnostic.Range is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r.Filename}:{r.Start.Line}: ") : string.Empty;
        var detail = string.IsNullOrEmpty(diagnostic.Detail) ? string.Empty : $": {diagnostic.Detail}";
        return $"{where}{diagnostic.Summary}{detail}";
    }

    private async Task RejectAsync(string? hash, string error, IReadOnlyList<DiagnosticDto> diagnostics, CancellationToken cancellationToken)
    {
        _rejectedHash = hash;
        if (hash is null)
        {
            LogInvalid(logger, error);
        }

        var status = new RulesDirStatus(_directory, _status?.LastAppliedGeneration, _status?.LastAppliedHash, error, diagnostics, options.TimeProvider.GetUtcNow());
        await WriteStatusAsync(status, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteStatusAsync(RulesDirStatus status, CancellationToken cancellationToken)
    {
        if (_status is not null && Same(_status, status))
        {
            return;
        }

        await consul.Kv.PutAsync(KvKeys.RulesDirStatus, JsonSerializer.SerializeToUtf8Bytes(status, ControllerApiJsonContext.Default.RulesDirStatus), null, cancellationToken).ConfigureAwait(false);
        _status = status;
    }

    private async Task<RulesDirStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var entry = await consul.Kv.GetAsync(KvKeys.RulesDirStatus, null, cancellationToken).ConfigureAwait(false);
        if (entry.Value?.Value is not { Length: > 0 } bytes)
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize(bytes, ControllerApiJsonContext.Default.RulesDirStatus);
            return stored is not null && string.Equals(stored.Path, _directory, StringComparison.Ordinal) ? stored : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Same(RulesDirStatus a, RulesDirStatus b) =>
        string.Equals(a.Path, b.Path, StringComparison.Ordinal)
        && a.LastAppliedGeneration == b.LastAppliedGeneration
        && string.Equals(a.LastAppliedHash, b.LastAppliedHash, StringComparison.Ordinal)
        && string.Equals(a.LastError, b.LastError, StringComparison.Ordinal)
        && a.Diagnostics.SequenceEqual(b.Diagnostics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied rules_dir {Directory} as generation {Generation} ({Changed} changed resources)")]
    private static partial void LogApplied(ILogger logger, string directory, long generation, int changed);

    [LoggerMessage(Level = LogLevel.Error, Message = "rules_dir not applied, the previous desired state stays: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying rules_dir {Directory} lost a concurrent commit; retrying at the next poll")]
    private static partial void LogConflict(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling rules_dir {Directory} failed; retrying at the next poll")]
    private static partial void LogReconcileFailed(ILogger logger, string directory, Exception exception);
}
