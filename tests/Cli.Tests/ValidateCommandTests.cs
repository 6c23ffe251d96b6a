using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mesh.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private const string ValidRules = """
        variable "canary_weight" { default = 10 }

        virtual_service "reviews" {
          hosts = ["reviews"]
          http "default" {
            route {
              destination = "reviews"
              subset      = "v1"
              weight      = 100 - var.canary_weight
            }
            route {
              destination = "reviews"
              subset      = "v2"
              weight      = var.canary_weight
            }
          }
        }

        destination_rule "reviews" {
          host = "reviews"
          subset "v1" { labels = { version = "v1" } }
          subset "v2" { labels = { version = "v2" } }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("meshctl-validate-").FullName;

    [Fact]
    public async Task Validate_ValidRules_SucceedsAndCountsResources()
    {
        var path = Write("rules.hcl", ValidRules);
        var stdout = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["validate", "-f", path], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("2 resource(s) in 1 file(s) are valid", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Typo_ShowsFileLineAndSuggestion()
    {
        var path = Write("rules.hcl", ValidRules.Replace("subset      = \"v2\"", "subsett     = \"v2\"", StringComparison.Ordinal));
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["validate", "-f", path], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        var text = stderr.ToString();
        Assert.Contains("Unsupported argument", text, StringComparison.Ordinal);
        Assert.Contains($"on {path} line 13", text, StringComparison.Ordinal);
        Assert.Contains("subset", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateJson_RouteToUnknownSubset_ReportsStableCodeWithRange()
    {
        var path = Write("rules.hcl", ValidRules.Replace("subset      = \"v2\"", "subset      = \"v9\"", StringComparison.Ordinal));
        var stdout = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["validate", "-f", path, "-o", "json"], stdout, new StringWriter());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var finding = json.RootElement.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("severity").GetString() == "error");
        Assert.StartsWith("MESH0", finding.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Equal(path, finding.GetProperty("range").GetProperty("filename").GetString());
        Assert.Equal(13, finding.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("suggestion").GetString()));
    }

    [Fact]
    public async Task Validate_VarOverride_IsApplied()
    {
        var path = Write("rules.hcl", ValidRules);

        var exit = await MeshctlApp.RunAsync(["validate", "-f", path, "--var", "canary_weight=150"], new StringWriter(), new StringWriter());

        Assert.Equal(ExitCodes.InvalidInput, exit);
    }

    [Fact]
    public async Task Apply_InvalidRules_FailsLocallyWithoutContactingTheController()
    {
        var path = Write("rules.hcl", "virtual_service \"x\" {\n  hostz = [\"x\"]\n}\n");
        var stderr = new StringWriter();
        var environment = new CliEnvironment(new Dictionary<string, string> { ["MESH_ADDR"] = $"http://127.0.0.1:{UnusedPort()}" });

        var exit = await MeshctlApp.RunAsync(["apply", "-f", path], new StringWriter(), stderr, environment);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("nothing was sent to the controller", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_HclToJsonAndBack_ValidatesToTheSameResources()
    {
        var hclPath = Write("rules.hcl", ValidRules);
        var json = new StringWriter();
        Assert.Equal(ExitCodes.Success, await MeshctlApp.RunAsync(["convert", "-f", hclPath, "-o", "json"], json, new StringWriter()));
        var jsonPath = Write("rules.hcl.json", json.ToString());

        var hcl = new StringWriter();
        Assert.Equal(ExitCodes.Success, await MeshctlApp.RunAsync(["convert", "-f", jsonPath, "-o", "hcl"], hcl, new StringWriter()));
        var back = Write("back.hcl", hcl.ToString());

        var viaJson = new StringWriter();
        var direct = new StringWriter();
        Assert.Equal(ExitCodes.Success, await MeshctlApp.RunAsync(["convert", "-f", back, "-o", "json"], viaJson, new StringWriter()));
        Assert.Equal(ExitCodes.Success, await MeshctlApp.RunAsync(["convert", "-f", hclPath, "-o", "json"], direct, new StringWriter()));
        Assert.Equal(direct.ToString(), viaJson.ToString());
        Assert.Contains("\"weight\": 90", direct.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
