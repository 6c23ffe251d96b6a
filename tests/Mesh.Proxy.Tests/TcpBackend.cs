using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mesh.Proxy.Tests;

/// <summary>A raw TCP server on 127.0.0.1, port 0: echoes (half-close aware) or writes its name and closes.</summary>
internal sealed class TcpBackend : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _echo;
    private int _accepted;
    private int _disposed;

    private TcpBackend(string name, bool echo)
    {
        Name = name;
        _echo = echo;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Listen(512);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _loop = AcceptAsync();
    }

    public string Name { get; }

    public int Port { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public static TcpBackend Echo(string name = "echo") => new(name, echo: true);

    public static TcpBackend Named(string name) => new(name, echo: false);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                if (_echo)
                {
                    var buffer = new byte[8192];
                    int read;
                    while ((read = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                    {
                        await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                    }
                }
                else
                {
                    await client.SendAsync(Encoding.ASCII.GetBytes(Name), SocketFlags.None);
                }

                client.Shutdown(SocketShutdown.Send);
                if (!_echo)
                {
                    // Wait for the peer's FIN so the close is orderly.
                    var drain = new byte[256];
                    while (await client.ReceiveAsync(drain, SocketFlags.None) > 0)
                    {
                    }
                }
            }
            catch (SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
