namespace Mesh.Rules.Model;

/// <summary>A port's application protocol.</summary>
public enum Protocol
{
    /// <summary><c>http</c>.</summary>
    Http,

    /// <summary><c>https</c>.</summary>
    Https,

    /// <summary><c>http2</c>.</summary>
    Http2,

    /// <summary><c>grpc</c>.</summary>
    Grpc,

    /// <summary><c>tcp</c>.</summary>
    Tcp,

    /// <summary><c>tls</c>.</summary>
    Tls,

    /// <summary><c>mongo</c>.</summary>
    Mongo,
}
