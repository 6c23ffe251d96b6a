using System.Globalization;
using Mesh.Consul.Http;

namespace Mesh.Consul.Kv;

/// <summary>The <c>/v1/kv</c> endpoints.</summary>
public sealed class KvClient
{
    private readonly ConsulHttp _http;

    internal KvClient(ConsulHttp http) => _http = http;

    /// <summary>Reads one key; the value is <see langword="null"/> when the key does not exist (the index is still read).</summary>
    /// <param name="key">The key.</param>
    /// <param name="options">Blocking and consistency options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<QueryResult<KvEntry?>> GetAsync(string key, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _http.QueryAsync<List<KvEntry>, KvEntry?>(
            Path(key), new QueryParameters(), options, ConsulJsonContext.Default.ListKvEntry,
            static entries => entries.Count > 0 ? entries[0] : null, static () => null, cancellationToken);
    }

    /// <summary>Reads every entry under a prefix (<c>?recurse</c>); empty when there is none.</summary>
    /// <param name="prefix">The key prefix ("" for all).</param>
    /// <param name="options">Blocking and consistency options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<QueryResult<IReadOnlyList<KvEntry>>> ListAsync(string prefix, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return _http.QueryAsync<List<KvEntry>, IReadOnlyList<KvEntry>>(
            Path(prefix), new QueryParameters().Add("recurse"), options, ConsulJsonContext.Default.ListKvEntry,
            static entries => entries, static () => [], cancellationToken);
    }

    /// <summary>Lists the key names under a prefix (<c>?keys</c>), up to <paramref name="separator"/> when given.</summary>
    /// <param name="prefix">The key prefix ("" for all).</param>
    /// <param name="separator">Stops listing at this separator (e.g. "/").</param>
    /// <param name="options">Blocking and consistency options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<QueryResult<IReadOnlyList<string>>> KeysAsync(
        string prefix, string? separator = null, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var parameters = new QueryParameters().Add("keys");
        if (!string.IsNullOrEmpty(separator))
        {
            parameters.Add("separator", separator);
        }

        return _http.QueryAsync<List<string>, IReadOnlyList<string>>(
            Path(prefix), parameters, options, ConsulJsonContext.Default.ListString,
            static keys => keys, static () => [], cancellationToken);
    }

    /// <summary>Writes a value; <see langword="false"/> when a <c>cas</c>, <c>acquire</c> or <c>release</c> condition failed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The raw value (sent as the body).</param>
    /// <param name="options">Conditions and lock operations.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<bool> PutAsync(string key, ReadOnlyMemory<byte> value, KvWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var parameters = new QueryParameters();
        if (options is not null)
        {
            if (options.Cas is { } cas)
            {
                parameters.Add("cas", cas.ToString(CultureInfo.InvariantCulture));
            }

            if (options.Flags is { } flags)
            {
                parameters.Add("flags", flags.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(options.Acquire))
            {
                parameters.Add("acquire", options.Acquire);
            }

            if (!string.IsNullOrEmpty(options.Release))
            {
                parameters.Add("release", options.Release);
            }
        }

        return _http.SendBoolAsync(HttpMethod.Put, Path(key), parameters, new ReadOnlyMemoryContent(value), cancellationToken);
    }

    /// <summary>Deletes a key or, with <paramref name="recurse"/>, a prefix; <see langword="false"/> when the <c>cas</c> failed.</summary>
    /// <param name="key">The key or prefix.</param>
    /// <param name="recurse">Deletes everything under the prefix.</param>
    /// <param name="cas">Deletes only if the entry's ModifyIndex equals this.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<bool> DeleteAsync(string key, bool recurse = false, ulong? cas = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = new QueryParameters();
        if (recurse)
        {
            parameters.Add("recurse");
        }

        if (cas is { } index)
        {
            parameters.Add("cas", index.ToString(CultureInfo.InvariantCulture));
        }

        return _http.SendBoolAsync(HttpMethod.Delete, Path(key), parameters, null, cancellationToken);
    }

    private static string Path(string key) => "kv/" + ConsulHttp.EscapePath(key.TrimStart('/'));
}
