using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mesh.Proxy.Tests;

/// <summary>Client-side helpers for TCP proxy tests.</summary>
internal static class TcpClientHelper
{
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    /// <summary>Reads until EOF; a reset ends the read like EOF. Returns the bytes read and whether a reset happened.</summary>
    public static async Task<(byte[] Data, bool Reset)> ReadToEndAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var data = new MemoryStream();
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
            {
                data.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            return (data.ToArray(), true);
        }

        return (data.ToArray(), false);
    }

    /// <summary>Connects, sends nothing, half-closes and reads the backend's name.</summary>
    /// <summary>A proxy that refuses a connection may reset it before the connect completes: that reads as "".</summary>
    public static async Task<string> ReadNameAsync(IPEndPoint endPoint)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(endPoint);
        }
        catch (SocketException)
        {
            return "";
        }

        using var owned = socket;
        var (data, _) = await ReadToEndAsync(socket, TimeSpan.FromSeconds(20));
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }

        return Encoding.ASCII.GetString(data);
    }
}
