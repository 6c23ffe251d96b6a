using System.Globalization;
using System.Text.RegularExpressions;

namespace Mesh.Cli.Tests;

/// <summary>
/// <c>meshctl dev</c> end to end: the catalog, controller, four agents and the sample services start in-process, the
/// example rules are applied, and the traffic shows the split, retries absorbing failures and mTLS identities.
/// </summary>
public sealed partial class DevCommandTests
{
    [Fact]
    public async Task Dev_ForAFewSeconds_ShowsTheSplitRetriesAndIdentities()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["dev", "--duration", "8s", "--rate", "25"], stdout, stderr);

        var output = stdout.ToString();
        Assert.True(exit == ExitCodes.Success, output + stderr);
        Assert.True(output.Contains("applied     examples/bookinfo/rules.hcl: virtual_service/reviews, destination_rule/reviews", StringComparison.Ordinal), output);
        Assert.True(output.Contains("mTLS: reviews saw the caller as spiffe://mesh.local/ns/default/svc/productpage", StringComparison.Ordinal), output + stderr);

        // 80/10/10 over ~200 requests: v1 within ±12 points is more than 3 standard deviations.
        var v1 = Percent(output, "reviews v1");
        Assert.InRange(v1, 68.0, 92.0);
        Assert.InRange(Percent(output, "reviews v2") + Percent(output, "reviews v3"), 8.0, 32.0);

        // reviews v2 fails every third call itself; the route's retries hide that from the caller.
        var success = double.Parse(SuccessPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(success >= 99.0, output);
        Assert.Matches(@"the backends failed [1-9]\d* call\(s\) themselves", output);
    }

    private static double Percent(string output, string version)
    {
        var match = Regex.Match(output, "^  " + Regex.Escape(version) + @"\s+([0-9.]+)%", RegexOptions.Multiline);
        Assert.True(match.Success, output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"success at the caller: ([0-9.]+)%")]
    private static partial Regex SuccessPattern();
}
