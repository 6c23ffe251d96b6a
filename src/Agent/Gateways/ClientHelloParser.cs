using System.Buffers.Binary;
using System.Text;

namespace Mesh.Agent.Gateways;

/// <summary>Reads the server name (SNI) from the first TLS record of a connection without terminating TLS.</summary>
internal static class ClientHelloParser
{
    /// <summary>The bytes needed to hold the whole first record, or -1 when the data is not a TLS handshake record.</summary>
    public static int RecordLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 5)
        {
            return 5;
        }

        return data[0] == 0x16 && data[1] == 0x03 ? 5 + BinaryPrimitives.ReadUInt16BigEndian(data[3..5]) : -1;
    }

    /// <summary>The SNI host name of a ClientHello record, or null when it has none or is malformed.</summary>
    public static string? ReadServerName(ReadOnlySpan<byte> record)
    {
        try
        {
            var body = record[5..];
            if (body[0] != 0x01)
            {
                return null;
            }

            var p = 4 + 2 + 32; // handshake header, client version, random
            p += 1 + body[p]; // session id
            p += 2 + BinaryPrimitives.ReadUInt16BigEndian(body[p..]); // cipher suites
            p += 1 + body[p]; // compression methods
            var extensionsEnd = p + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
            p += 2;
            while (p + 4 <= extensionsEnd)
            {
                var type = BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(body[(p + 2)..]);
                p += 4;
                if (type == 0)
                {
                    // server_name_list: length(2), then entries of type(1) length(2) name.
                    var q = p + 2;
                    var listEnd = q + BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
                    while (q + 3 <= listEnd)
                    {
                        var nameType = body[q];
                        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(body[(q + 1)..]);
                        if (nameType == 0)
                        {
                            return Encoding.ASCII.GetString(body.Slice(q + 3, nameLength));
                        }

                        q += 3 + nameLength;
                    }

                    return null;
                }

                p += length;
            }

            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        catch (IndexOutOfRangeException)
        {
            return null;
        }
    }
}
