using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mesh.Bench.LoadGen;

/// <summary>One keep-alive HTTP/1.1 connection with at most one request in flight.</summary>
internal sealed class Connection : IDisposable
{
    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] s_contentLength = "content-length:"u8.ToArray();
    private readonly EndPoint _endPoint;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket _socket;

    public Connection(EndPoint endPoint)
    {
        _endPoint = endPoint;
        _socket = Open(endPoint);
    }

    /// <summary>When the request in flight was scheduled (Stopwatch ticks).</summary>
    public long Scheduled { get; set; }

    public void Send(byte[] request) => _socket.Send(request, SocketFlags.None);

    /// <summary>Reads one response; returns its status code, or 0 when the connection broke (it is reopened).</summary>
    public async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        var headerLength = -1;
        var total = -1;
        while (total < 0 || filled < total)
        {
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                Reopen();
                return 0;
            }

            filled += read;
            if (headerLength < 0)
            {
                var end = _buffer.AsSpan(0, filled).IndexOf(s_headerEnd);
                if (end < 0)
                {
                    continue;
                }

                headerLength = end + 4;
                total = headerLength + ContentLength(_buffer.AsSpan(0, headerLength));
            }
        }

        // Status line: "HTTP/1.1 200 OK".
        return ((_buffer[9] - '0') * 100) + ((_buffer[10] - '0') * 10) + (_buffer[11] - '0');
    }

    public void Reopen()
    {
        _socket.Dispose();
        _socket = Open(_endPoint);
    }

    public void Dispose() => _socket.Dispose();

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var lower = new byte[headers.Length];
        Ascii.ToLower(headers, lower, out _);
        var at = lower.AsSpan().IndexOf(s_contentLength);
        if (at < 0)
        {
            return 0;
        }

        var value = 0;
        for (var i = at + s_contentLength.Length; i < lower.Length; i++)
        {
            var c = lower[i];
            if (c == ' ')
            {
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static Socket Open(EndPoint endPoint)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endPoint);
        return socket;
    }
}
