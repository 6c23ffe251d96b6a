using System.Net;
using Mesh.Hosting.Admin;

namespace Mesh.Hosting.Tests.Admin;

public sealed class AdminAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:19000", "127.0.0.1", 19000)]
    [InlineData("localhost:19001", "127.0.0.1", 19001)]
    [InlineData("[::1]:19002", "::1", 19002)]
    public void ParseLoopbackAddress_Loopback_Accepted(string input, string ip, int port)
    {
        var endpoint = AdminEndpoints.ParseLoopbackAddress(input);

        Assert.Equal(IPAddress.Parse(ip), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("0.0.0.0:19000", "not a loopback address")]
    [InlineData("10.1.2.3:19000", "not a loopback address")]
    [InlineData("example.org:19000", "does not name an IP address")]
    [InlineData("127.0.0.1", "not host:port")]
    [InlineData("127.0.0.1:99999", "not host:port")]
    public void ParseLoopbackAddress_NotLoopbackOrMalformed_ExplainsWhy(string input, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AdminEndpoints.ParseLoopbackAddress(input));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
