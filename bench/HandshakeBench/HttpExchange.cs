using System.Buffers.Text;
using System.Text;

namespace Mesh.Bench.HandshakeBench;

/// <summary>The client side of one HTTP/1.1 exchange: sends a GET and reads the response (Content-Length framed).</summary>
internal sealed class HttpExchange
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET /1k HTTP/1.1\r\nHost: bench\r\n\r\n");
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "\r\ncontent-length:"u8.ToArray();
    private readonly byte[] _buffer = new byte[16 * 1024];

    /// <summary>Sends one request and reads its whole response; false if the server closed first or did not answer 200.</summary>
    public async ValueTask<bool> RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Request, cancellationToken).ConfigureAwait(false);
        var filled = 0;
        int headerLength;
        while ((headerLength = _buffer.AsSpan(0, filled).IndexOf(HeaderEnd)) < 0)
        {
            if (filled == _buffer.Length)
            {
                return false;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        headerLength += HeaderEnd.Length;
        var ok = _buffer.AsSpan(0, filled).StartsWith("HTTP/1.1 200"u8);
        var remaining = BodyLength(_buffer.AsSpan(0, headerLength)) - (filled - headerLength);
        while (remaining > 0)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(0, Math.Min(remaining, _buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            remaining -= read;
        }

        return ok;
    }

    private static int BodyLength(ReadOnlySpan<byte> header)
    {
        Span<byte> lower = stackalloc byte[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var b = header[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
        }

        var at = lower.IndexOf(ContentLength);
        if (at < 0)
        {
            return 0;
        }

        var value = lower[(at + ContentLength.Length)..].TrimStart((byte)' ');
        return Utf8Parser.TryParse(value, out int length, out _) ? length : 0;
    }
}
