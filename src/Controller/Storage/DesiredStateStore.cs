using System.Text.Json;
using Mesh.Consul;
using Mesh.Consul.Kv;
using Mesh.Consul.Txn;
using Mesh.Controller.Compilation;
using Mesh.ControllerApi;

namespace Mesh.Controller.Storage;

/// <summary>
/// Desired state in Consul KV with the two-phase apply of docs/controller.md: stage immutable resource keys
/// (named by their digest) in transactions of at most 64 operations, then commit with one check-and-set of the
/// manifest, then sweep keys no manifest names.
/// </summary>
internal sealed partial class DesiredStateStore(ConsulClient consul, ILogger<DesiredStateStore> logger)
{
    /// <summary>Reads one generation: the manifest and the keys it names, from one consistent listing.</summary>
    public async Task<DesiredState> ReadAsync(CancellationToken cancellationToken)
    {
        var listing = await consul.Kv.ListAsync(KvKeys.DesiredPrefix, null, cancellationToken).ConfigureAwait(false);
        var entries = listing.Value.ToDictionary(e => e.Key, StringComparer.Ordinal);
        entries.TryGetValue(KvKeys.Manifest, out var manifestEntry);
        var manifest = ParseManifest(manifestEntry);
        var resources = new List<StoredResource>(manifest.Resources.Count);
        foreach (var entry in manifest.Resources)
        {
            var key = KvKeys.Resource(entry.Kind, entry.Name, entry.Digest);
            if (!entries.TryGetValue(key, out var kv) || kv.Value is null)
            {
                throw new InvalidOperationException($"The manifest of generation {manifest.Generation} names {key}, which does not exist.");
            }

            var envelope = JsonSerializer.Deserialize(kv.Value, StorageJsonContext.Default.ResourceEnvelope)
                ?? throw new InvalidOperationException($"{key} holds no resource.");
            resources.Add(new StoredResource(entry.Kind, entry.Name, entry.Digest, envelope.Json, envelope.Hcl, entry.Origin));
        }

        return new DesiredState(manifest.Generation, manifestEntry?.ModifyIndex ?? 0, resources);
    }

    /// <summary>Applies <paramref name="desired"/> on top of <paramref name="current"/> as the API (no origin).</summary>
    /// <exception cref="ApplyConflictException">Another change committed since <paramref name="current"/> was read.</exception>
    public Task<ApplyOutcome> ApplyAsync(DesiredState current, IReadOnlyList<DesiredResource> desired, bool prune, bool dryRun, CancellationToken cancellationToken) =>
        ApplyAsync(current, desired, prune, dryRun, origin: null, cancellationToken);

    /// <summary>
    /// Applies <paramref name="desired"/> on top of <paramref name="current"/> (read before evaluating), recording
    /// <paramref name="origin"/> (null: the API); prune deletes only resources of that origin.
    /// </summary>
    /// <exception cref="ApplyConflictException">Another change committed since <paramref name="current"/> was read.</exception>
    public Task<ApplyOutcome> ApplyAsync(DesiredState current, IReadOnlyList<DesiredResource> desired, bool prune, bool dryRun, string? origin, CancellationToken cancellationToken)
    {
        var plan = ApplyPlan.Create(current, desired, prune, origin);
        return ExecuteAsync(current, plan, dryRun, cancellationToken);
    }

    /// <summary>Deletes one resource: a new manifest without it. Null when it does not exist.</summary>
    /// <exception cref="ApplyConflictException">Another change committed since <paramref name="current"/> was read.</exception>
    public async Task<ApplyOutcome?> DeleteAsync(DesiredState current, string kind, string name, bool dryRun, CancellationToken cancellationToken)
    {
        var existing = current.Find(kind, name);
        if (existing is null)
        {
            return null;
        }

        var plan = ApplyPlan.Without(current, existing);
        return await ExecuteAsync(current, plan, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Phase one: writes the resource keys (always, even when present, so a concurrent clean-up's check-and-set
    /// delete cannot remove a key this apply is about to name). Appends every written key to <paramref name="written"/>.
    /// </summary>
    internal async Task StageAsync(IReadOnlyList<DesiredResource> resources, List<StagedKey> written, CancellationToken cancellationToken)
    {
        foreach (var chunk in resources.Chunk(TxnClient.MaxOperations))
        {
            var ops = chunk.Select(r => TxnOp.Set(
                KvKeys.Resource(r.Kind, r.Name, KvKeys.Digest(r.CanonicalJson)),
                JsonSerializer.SerializeToUtf8Bytes(new ResourceEnvelope(r.Kind, r.Name, r.CanonicalJson, r.Hcl), StorageJsonContext.Default.ResourceEnvelope))).ToList();
            var result = await consul.Txn.ExecuteAsync(ops, cancellationToken).ConfigureAwait(false);
            if (!result.Committed)
            {
                throw new InvalidOperationException($"Consul refused to stage resources: {string.Join("; ", result.Errors.Select(e => e.What))}");
            }

            written.AddRange(result.Results.Select(e => new StagedKey(e.Key, e.ModifyIndex, e.CreateIndex == e.ModifyIndex)));
        }
    }

    /// <summary>
    /// Deletes resource keys the current manifest does not name and that were last written before it was
    /// committed (whoever staged them read an older manifest, so their commit cannot succeed any more).
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var listing = await consul.Kv.ListAsync(KvKeys.DesiredPrefix, null, cancellationToken).ConfigureAwait(false);
        var manifestEntry = listing.Value.FirstOrDefault(e => e.Key == KvKeys.Manifest);
        if (manifestEntry is null)
        {
            return 0;
        }

        var referenced = ParseManifest(manifestEntry).Resources
            .Select(r => KvKeys.Resource(r.Kind, r.Name, r.Digest))
            .ToHashSet(StringComparer.Ordinal);
        var garbage = listing.Value
            .Where(e => e.Key != KvKeys.Manifest && !referenced.Contains(e.Key) && e.ModifyIndex < manifestEntry.ModifyIndex)
            .Select(e => new StagedKey(e.Key, e.ModifyIndex, Created: true))
            .ToList();
        return await DeleteUnchangedAsync(garbage, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApplyOutcome> ExecuteAsync(DesiredState current, ApplyPlan plan, bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun || !plan.HasChanges)
        {
            return new ApplyOutcome(current.Generation, plan.Changes, Committed: false);
        }

        var written = new List<StagedKey>();
        var manifest = new Manifest(current.Generation + 1, plan.Entries);
        bool committed;
        try
        {
            await StageAsync(plan.ToStage, written, cancellationToken).ConfigureAwait(false);
            committed = await consul.Kv.PutAsync(
                KvKeys.Manifest,
                JsonSerializer.SerializeToUtf8Bytes(manifest, StorageJsonContext.Default.Manifest),
                new KvWriteOptions { Cas = current.ManifestIndex },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await CleanUpAsync(written).ConfigureAwait(false);
            throw;
        }

        if (!committed)
        {
            LogConflict(logger, current.Generation);
            await CleanUpAsync(written).ConfigureAwait(false);
            throw new ApplyConflictException();
        }

        var changed = plan.Changes.Count(c => c.Action != ChangeAction.Unchanged);
        LogCommitted(logger, manifest.Generation, changed);
        try
        {
            await SweepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or OperationCanceledException)
        {
            // The commit stands; the next apply sweeps what this one could not.
            LogSweepFailed(logger, e);
        }

        return new ApplyOutcome(manifest.Generation, plan.Changes, Committed: true);
    }

    /// <summary>Deletes the keys a failed apply created, unless a manifest names them or someone rewrote them since.</summary>
    private async Task CleanUpAsync(List<StagedKey> written)
    {
        if (written.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var current = await consul.Kv.GetAsync(KvKeys.Manifest, null, timeout.Token).ConfigureAwait(false);
            var referenced = ParseManifest(current.Value).Resources
                .Select(r => KvKeys.Resource(r.Kind, r.Name, r.Digest))
                .ToHashSet(StringComparer.Ordinal);
            await DeleteUnchangedAsync([.. written.Where(k => k.Created && !referenced.Contains(k.Key))], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ConsulException or OperationCanceledException)
        {
            LogSweepFailed(logger, e);
        }
    }

    /// <summary>Deletes keys with check-and-set on the index they had, in transactions; one by one when a transaction fails.</summary>
    private async Task<int> DeleteUnchangedAsync(IReadOnlyList<StagedKey> keys, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in keys.Chunk(TxnClient.MaxOperations))
        {
            var result = await consul.Txn.ExecuteAsync([.. chunk.Select(k => TxnOp.DeleteCas(k.Key, k.ModifyIndex))], cancellationToken).ConfigureAwait(false);
            if (result.Committed)
            {
                deleted += chunk.Length;
                continue;
            }

            foreach (var key in chunk)
            {
                if (await consul.Kv.DeleteAsync(key.Key, recurse: false, cas: key.ModifyIndex, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }
        }

        if (deleted > 0)
        {
            LogSwept(logger, deleted);
        }

        return deleted;
    }

    private static Manifest ParseManifest(KvEntry? entry) =>
        entry?.Value is { Length: > 0 } value
            ? JsonSerializer.Deserialize(value, StorageJsonContext.Default.Manifest) ?? Manifest.Empty
            : Manifest.Empty;

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed desired state generation {Generation} ({Changed} changed resources)")]
    private static partial void LogCommitted(ILogger logger, long generation, int changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Apply on generation {Generation} lost a concurrent commit; nothing stored")]
    private static partial void LogConflict(ILogger logger, long generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept {Count} unreferenced resource keys")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sweep unreferenced resource keys; a later apply will")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
