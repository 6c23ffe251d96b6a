using System.Globalization;
using System.Net;

namespace Mesh.Proxy.Observability;

/// <summary>An address and port with its <c>ip:port</c> text, as access logs print them.</summary>
internal sealed class EndpointText(IPAddress address, int port)
{
    /// <summary>The address.</summary>
    public IPAddress Address { get; } = address;

    /// <summary>The port.</summary>
    public int Port { get; } = port;

    /// <summary><c>ip:port</c>.</summary>
    public string Text { get; } = Format(address, port);

    /// <summary>Formats <c>ip:port</c> into one string (no intermediate strings).</summary>
    public static string Format(IPAddress address, int port)
    {
        Span<char> text = stackalloc char[72];
        if (!address.TryFormat(text, out var written))
        {
            return address + ":" + port.ToString(CultureInfo.InvariantCulture);
        }

        text[written++] = ':';
        port.TryFormat(text[written..], out var portLength, provider: CultureInfo.InvariantCulture);
        return new string(text[..(written + portLength)]);
    }
}
