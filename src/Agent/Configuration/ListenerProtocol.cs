namespace Mesh.Agent.Configuration;

/// <summary>What a service's inbound port or an upstream's local port speaks (<c>protocol = "http"</c> or <c>"tcp"</c>).</summary>
public enum ListenerProtocol
{
    /// <summary>HTTP: routes, retries and request-level authorization (the default).</summary>
    Http,

    /// <summary>Opaque TCP: bytes are proxied as they are, authorization uses connection (L4) attributes only.</summary>
    Tcp,
}
