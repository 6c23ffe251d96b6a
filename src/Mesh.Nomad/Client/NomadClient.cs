using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Nomad.Generated;

namespace Mesh.Nomad.Client;

/// <summary>
/// The mesh's client for the Nomad HTTP API: the generated client (from
/// <c>openapi/nomad-mesh-subset.yaml</c>) plus blocking-query metadata and Nomad's conventions.
/// </summary>
public sealed class NomadClient
{
    private readonly NomadApi _api;
    private readonly NomadClientOptions _options;

    /// <summary>Creates a client over <paramref name="httpClient"/>, whose base address must be the Nomad agent.</summary>
    /// <param name="httpClient">An HTTP client from <see cref="CreateHttpClient"/> or a factory.</param>
    /// <param name="options">The token, namespace and region to use.</param>
    public NomadClient(HttpClient httpClient, NomadClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _api = new NomadApi(httpClient) { Token = options.Token };
    }

    /// <summary>The options this client was made with.</summary>
    public NomadClientOptions Options => _options;

    /// <summary>
    /// Creates an HTTP client for <paramref name="options"/>: base address, the CA to trust, the client
    /// certificate, and no overall timeout (blocking queries set their own).
    /// </summary>
    /// <param name="options">Where Nomad is and which certificates to use.</param>
    /// <returns>A client the caller owns and disposes.</returns>
    public static HttpClient CreateHttpClient(NomadClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        };
        if (options.CaCertificateFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaCertificateFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainstRoots(certificate, errors, roots);
        }

        if (options.ClientCertificateFile is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.ClientCertificateFile, options.ClientKeyFile);
            handler.SslOptions.ClientCertificates = [certificate];
        }

        var address = options.Address.AbsoluteUri.EndsWith('/') ? options.Address : new Uri(options.Address.AbsoluteUri + "/");
        return new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Asks the local agent for its client node ID (<c>GET /v1/agent/self</c>, <c>stats.client.node_id</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The node ID.</returns>
    /// <exception cref="InvalidOperationException">The agent is not a Nomad client.</exception>
    /// <exception cref="NomadApiException">Nomad answered with an error status.</exception>
    public async Task<string> GetLocalNodeIdAsync(CancellationToken cancellationToken)
    {
        var response = await _api.GetAgentSelfAsync(cancellationToken).ConfigureAwait(false);
        var nodeId = response.Result.Stats?.Client?.Node_id;
        return string.IsNullOrEmpty(nodeId)
            ? throw new InvalidOperationException("The Nomad agent at this address does not run as a client: its /v1/agent/self has no stats.client.node_id.")
            : nodeId;
    }

    /// <summary>The node's allocations, blocking until the index moves past <paramref name="index"/> or <paramref name="wait"/> elapses.</summary>
    internal async Task<NomadQueryResult<ICollection<Allocation>>> GetNodeAllocationsAsync(string nodeId, ulong index, TimeSpan wait, CancellationToken cancellationToken)
    {
        var response = await _api.GetNodeAllocationsAsync(
            nodeId,
            index == 0 ? null : checked((long)index),
            index == 0 ? null : FormatWait(wait),
            _options.Region,
            cancellationToken).ConfigureAwait(false);
        return new NomadQueryResult<ICollection<Allocation>>(
            response.Result,
            ReadIndex(response.Headers),
            ReadHeader(response.Headers, NomadHeaders.KnownLeader) is "true",
            TimeSpan.FromMilliseconds(long.TryParse(ReadHeader(response.Headers, NomadHeaders.LastContact), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0));
    }

    /// <summary>One allocation with its job.</summary>
    internal async Task<Allocation> GetAllocationAsync(string allocationId, CancellationToken cancellationToken)
    {
        var response = await _api.GetAllocationAsync(allocationId, index: null, wait: null, @namespace: _options.Namespace, region: _options.Region, cancellationToken).ConfigureAwait(false);
        return response.Result;
    }

    /// <summary>The registrations of a service in Nomad's own service discovery (no Meta: read it from the job).</summary>
    internal async Task<ICollection<ServiceRegistration>> GetServiceAsync(string serviceName, CancellationToken cancellationToken)
    {
        var response = await _api.GetServiceAsync(serviceName, index: null, wait: null, @namespace: _options.Namespace, region: _options.Region, cancellationToken).ConfigureAwait(false);
        return response.Result;
    }

    /// <summary>Nomad's <c>wait</c> is a Go duration; whole milliseconds are exact and always accepted.</summary>
    internal static string FormatWait(TimeSpan wait) =>
        ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private static ulong ReadIndex(IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        ulong.TryParse(ReadHeader(headers, NomadHeaders.Index), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new NomadApiException("The answer of a blocking query carried no valid X-Nomad-Index header.", 200, string.Empty, headers, null);

    private static string? ReadHeader(IReadOnlyDictionary<string, IEnumerable<string>> headers, string name)
    {
        foreach (var (key, values) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static bool ValidateAgainstRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            // A missing certificate or a name mismatch is never forgiven by a private CA.
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
