using System.Net;
using System.Text.Json;
using Mesh.Consul.Http;
using Mesh.Consul.Kv;

namespace Mesh.Consul.Txn;

/// <summary>The <c>/v1/txn</c> endpoint (KV operations, all or nothing).</summary>
public sealed class TxnClient
{
    /// <summary>Consul's limit on operations per transaction.</summary>
    public const int MaxOperations = 64;

    private readonly ConsulHttp _http;

    internal TxnClient(ConsulHttp http) => _http = http;

    /// <summary>Runs the operations atomically; a rollback (409) is a result with <see cref="TxnResult.Committed"/> false, not an exception.</summary>
    /// <param name="operations">Up to 64 operations.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<TxnResult> ExecuteAsync(IReadOnlyList<TxnOp> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count > MaxOperations)
        {
            throw new ArgumentException($"A Consul transaction holds at most {MaxOperations} operations; got {operations.Count}.", nameof(operations));
        }

        var wire = new List<TxnOpWire>(operations.Count);
        foreach (var operation in operations)
        {
            wire.Add(operation.ToWire());
        }

        var content = ConsulHttp.JsonContent(wire, ConsulJsonContext.Default.ListTxnOpWire);
        using var response = await _http.SendAsync(HttpMethod.Put, "txn", null, content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await ConsulHttp.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        TxnResponseWire? body;
        await using (stream.ConfigureAwait(false))
        {
            body = await JsonSerializer.DeserializeAsync(stream, ConsulJsonContext.Default.TxnResponseWire, cancellationToken).ConfigureAwait(false);
        }

        var results = new List<KvEntry>();
        foreach (var result in body?.Results ?? [])
        {
            if (result.KV is { } entry)
            {
                results.Add(entry);
            }
        }

        return new TxnResult
        {
            Committed = response.StatusCode != HttpStatusCode.Conflict,
            Results = results,
            Errors = body?.Errors ?? [],
        };
    }
}
