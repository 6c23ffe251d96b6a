using System.Net.Security;
using System.Security.Authentication;

namespace Mesh.Identity;

/// <summary>Protocol settings of mesh TLS: the lowest TLS version, the ALPN protocols offered and session resumption.</summary>
public sealed class MeshTlsOptions
{
    /// <summary>The lowest TLS version accepted: <c>"1.3"</c> (default) or <c>"1.2"</c>.</summary>
    public string MinimumVersion { get; set; } = "1.3";

    /// <summary>The ALPN protocols offered, most preferred first (default <c>h2</c>, <c>http/1.1</c>).</summary>
    public IList<SslApplicationProtocol> ApplicationProtocols { get; } =
        [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>Whether TLS sessions may be resumed (default true): saves a full handshake on reconnects.</summary>
    public bool AllowTlsResume { get; set; } = true;

    /// <summary>The protocols <see cref="MinimumVersion"/> enables; throws for a version other than 1.2 or 1.3.</summary>
    public SslProtocols EnabledSslProtocols => MinimumVersion?.Trim() switch
    {
        "1.3" => SslProtocols.Tls13,
        "1.2" => SslProtocols.Tls12 | SslProtocols.Tls13,
        _ => throw new ArgumentException($"The minimum TLS version must be \"1.2\" or \"1.3\", not \"{MinimumVersion}\".", nameof(MinimumVersion)),
    };
}
