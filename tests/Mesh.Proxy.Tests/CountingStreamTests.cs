using Mesh.Proxy.Observability;

namespace Mesh.Proxy.Tests;

public sealed class CountingStreamTests
{
    [Fact]
    public async Task Reset_ReusedForNextRequest_CountsFromZeroOnTheNewStream()
    {
        var counting = new CountingStream();
        using var first = new MemoryStream();
        await counting.Reset(first).WriteAsync(new byte[10]);
        Assert.Equal(10, counting.BytesWritten);

        using var second = new MemoryStream(new byte[7]);
        counting.Reset(second);
        var read = await counting.ReadAsync(new byte[16]);

        Assert.Equal(0, counting.BytesWritten);
        Assert.Equal(7, read);
        Assert.Equal(7, counting.BytesRead);
        Assert.Same(second, counting.Inner);
        Assert.Equal(10, first.Length);
    }
}
