using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Mesh.Controller.Configuration;

/// <summary>Parses listen addresses: <c>127.0.0.1:15010</c>, <c>[::1]:15010</c>, <c>localhost:15010</c>, <c>0.0.0.0:15010</c>.</summary>
internal static class AddressParser
{
    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var endPoint) ? endPoint : throw new ControllerConfigException($"\"{text}\" is not host:port.");

    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            endPoint = new IPEndPoint(address, port);
            return true;
        }

        return false;
    }
}
