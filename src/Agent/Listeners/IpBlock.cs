using System.Globalization;
using System.Net;

namespace Mesh.Agent.Listeners;

/// <summary>
/// Matches addresses against policy IP blocks: a single address or CIDR, IPv4 or IPv6. As in Istio, host bits after
/// the prefix are ignored (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>) and IPv4-mapped IPv6 peers match IPv4 blocks.
/// </summary>
internal static class IpBlock
{
    public static bool Contains(string block, IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var slash = block.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IPAddress.TryParse(block, out var single) && (single.IsIPv4MappedToIPv6 ? single.MapToIPv4() : single).Equals(address);
        }

        if (!IPAddress.TryParse(block.AsSpan(0, slash), out var network)
            || !int.TryParse(block.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            || network.AddressFamily != address.AddressFamily)
        {
            return false;
        }

        var a = network.GetAddressBytes();
        var b = address.GetAddressBytes();
        if (bits > a.Length * 8)
        {
            return false;
        }

        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (b[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
