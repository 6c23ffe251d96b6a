using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Packaging.Tests;

/// <summary>
/// The Native AOT mesh-agent that the linux-x64 packages carry, run as published: two agents on loopback against the
/// published dev catalog and controller (built-in CA), strict mTLS between them, real HTTP through the upstream port.
/// Trimming or AOT mistakes (a JSON type without source-generated metadata, a reflected member trimmed away) show here
/// as a failed start, a missing route or a failed handshake, not in the JIT-built tests.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class NativeAgentTests(PackagesFixture packages) : IDisposable
{
    private const string OperatorToken = "native-agent-operator";
    private const string AgentToken = "native-agent-agent";
    private const string WebIdentity = "spiffe://mesh.local/ns/default/svc/web";

    private readonly List<PublishedProcess> _processes = [];
    private readonly string _workDir = Directory.CreateTempSubdirectory("mesh-native-agent-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public void PublishedAgent_ForLinuxX64_IsANativeExecutableWithoutTheRuntime()
    {
        var folder = packages.PublishFolder("mesh-agent");
        var magic = new byte[4];
        using (var file = File.OpenRead(Path.Combine(folder, "mesh-agent")))
        {
            file.ReadExactly(magic);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), magic);
        // No mesh-agent.dll, libcoreclr.so or framework beside it (a JIT publish), no mesh-agent.dbg (60 MB of symbols).
        Assert.Equal(["mesh-agent"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task NativeAgents_ProxyOverStrictMutualTls_AndServeTheirAdminApi()
    {
        var (catalogPort, controllerPort, controllerAdminPort) = (FreePort(), FreePort(), FreePort());
        var (webPort, apiPort, webInbound, apiInbound, upstreamPort, webAdmin, apiAdmin) =
            (FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort());
        var (webStray, apiStray) = (FreePort(), FreePort());
        var meshctl = Path.Combine(packages.PublishFolder("meshctl"), "meshctl");
        var controllerAddress = $"http://127.0.0.1:{controllerPort}";

        var catalogStray = FreePort();
        var catalog = Start("catalog", meshctl, ForeignAspNetCoreSettings(catalogStray), "dev", "catalog", "--listen", $"127.0.0.1:{catalogPort}", "--data-dir", Dir("catalog"));
        await WaitForAsync($"http://127.0.0.1:{catalogPort}/v1/status/leader", catalog);
        var controllerStray = FreePort();
        var controller = Start("controller", Path.Combine(packages.PublishFolder("mesh-controller"), "mesh-controller"), ForeignAspNetCoreSettings(controllerStray), "run", "--config", Write("controller.hcl", $$"""
            data_dir = "{{Dir("controller")}}"
            api {
              address     = "127.0.0.1:{{controllerPort}}"
              token       = "{{OperatorToken}}"
              agent_token = "{{AgentToken}}"
            }
            consul {
              address = "http://127.0.0.1:{{catalogPort}}"
            }
            certificates {
              provider     = "builtin"
              trust_domain = "mesh.local"
            }
            admin {
              address = "127.0.0.1:{{controllerAdminPort}}"
            }
            """));
        await WaitForAsync(controllerAddress + "/", controller);
        await ApplyAsync(meshctl, controllerAddress, """
            peer_authentication "default" {
              mode = "strict"
            }
            """);

        Start("web-app", meshctl, ForeignAspNetCoreSettings(FreePort()), "dev", "sample", "--service", "web", "--port", Text(webPort));
        Start("api-app", meshctl, ForeignAspNetCoreSettings(FreePort()), "dev", "sample", "--service", "api", "--port", Text(apiPort));
        var webAgent = StartAgent("web", webAdmin, catalogPort, controllerPort, webStray, $$"""
            service "web" {
              port              = {{webPort}}
              inbound_port      = {{webInbound}}
              inbound_address   = "127.0.0.1"
              advertise_address = "127.0.0.1"
              upstream "api" {
                local_port = {{upstreamPort}}
              }
            }
            """);
        var apiAgent = StartAgent("api", apiAdmin, catalogPort, controllerPort, apiStray, $$"""
            service "api" {
              port              = {{apiPort}}
              inbound_port      = {{apiInbound}}
              inbound_address   = "127.0.0.1"
              advertise_address = "127.0.0.1"
            }
            """);

        // web → its agent's upstream port → api's agent over mTLS (certificates from the controller's CA) → api.
        var (servedBy, caller) = await FirstAnswerAsync($"http://127.0.0.1:{upstreamPort}/", webAgent, apiAgent);
        Assert.Equal("api v1", servedBy);
        Assert.True(caller == WebIdentity, $"api saw caller \"{caller}\", expected web's mTLS identity {WebIdentity}{Logs()}");

        var passed = 0;
        for (var i = 0; i < 50; i++)
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{upstreamPort}/request/{i}"));
            passed += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.True(passed == 50, $"{passed}/50 requests through the upstream port succeeded{Logs()}");

        // Strict mTLS: api's inbound listener refuses a plain-text caller.
        Assert.NotEqual(HttpStatusCode.OK, await StatusOrZeroAsync($"http://127.0.0.1:{apiInbound}/"));

        // ASP.NET Core settings in every process' environment, meant for some other application, changed nothing.
        Assert.Equal((HttpStatusCode)0, await StatusOrZeroAsync($"http://127.0.0.1:{webStray}/"));
        Assert.Equal((HttpStatusCode)0, await StatusOrZeroAsync($"http://127.0.0.1:{apiStray}/"));
        Assert.Equal((HttpStatusCode)0, await StatusOrZeroAsync($"http://127.0.0.1:{controllerStray}/"));
        Assert.Equal((HttpStatusCode)0, await StatusOrZeroAsync($"http://127.0.0.1:{catalogStray}/"));

        // The admin API: health, the applied snapshot as JSON, metrics of the traffic just served.
        Assert.Equal(HttpStatusCode.OK, await StatusOrZeroAsync($"http://127.0.0.1:{webAdmin}/healthz/ready"));
        var proxyConfig = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{webAdmin}/v1/proxy-config"));
        Assert.Contains("\"api\"", proxyConfig, StringComparison.Ordinal);
        var metrics = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{webAdmin}/metrics"));
        Assert.Contains("api", metrics, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            process.Dispose();
        }

        _http.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    /// <summary>
    /// ASP.NET Core settings that another application on the host could have put in the environment: a host filter that
    /// would refuse every meshed host, and an extra Kestrel endpoint on <paramref name="strayPort"/>. Every mesh process
    /// of these tests runs with them.
    /// </summary>
    private static Dictionary<string, string> ForeignAspNetCoreSettings(int strayPort) => new()
    {
        ["AllowedHosts"] = "only.example.invalid",
        ["Kestrel__Endpoints__Stray__Url"] = $"http://127.0.0.1:{strayPort}",
    };

    private PublishedProcess StartAgent(string node, int adminPort, int catalogPort, int controllerPort, int strayPort, string services) =>
        Start(node + "-agent", Path.Combine(packages.PublishFolder("mesh-agent"), "mesh-agent"), ForeignAspNetCoreSettings(strayPort), "run", "--config", Write(node + "-agent.hcl", $$"""
            node_name = "{{node}}"
            data_dir  = "{{Dir(node + "-agent")}}"
            consul {
              address = "http://127.0.0.1:{{catalogPort}}"
            }
            controller {
              address = "http://127.0.0.1:{{controllerPort}}"
              token   = "{{AgentToken}}"
            }
            certificates {
              provider     = "builtin"
              trust_domain = "mesh.local"
            }
            admin {
              address = "127.0.0.1:{{adminPort}}"
            }
            {{services}}
            """));

    private async Task<(string ServedBy, string Caller)> FirstAnswerAsync(string url, params PublishedProcess[] watched)
    {
        var last = "";
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.DoesNotContain(watched, p => p.HasExited);
            try
            {
                using var response = await _http.GetAsync(new Uri(url));
                if (response.StatusCode == HttpStatusCode.OK && response.Headers.TryGetValues("x-served-by", out var servedBy))
                {
                    return (servedBy.First(), response.Headers.TryGetValues("x-caller", out var caller) ? caller.First() : "");
                }

                last = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{url} never answered 200 from api within 90 s (last: {last}){Logs()}");
    }

    private async Task ApplyAsync(string meshctl, string controllerAddress, string rules)
    {
        var file = Write("rules.hcl", rules);
        ProcessRunner.Result? result = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            result = await ProcessRunner.RunAsync(meshctl, ["apply", "--addr", controllerAddress, "--token", OperatorToken, "-f", file], TimeSpan.FromSeconds(30));
            if (result.ExitCode == 0)
            {
                return;
            }

            await Task.Delay(1000);
        }

        Assert.Fail(result!.Describe("meshctl apply") + Logs());
    }

    private async Task WaitForAsync(string url, PublishedProcess process)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (await StatusOrZeroAsync(url) != 0)
            {
                return;
            }

            Assert.False(process.HasExited, $"{process.Name} exited before {url} answered{Logs()}");
            await Task.Delay(250);
        }

        Assert.Fail($"{url} did not answer within 30 s{Logs()}");
    }

    private async Task<HttpStatusCode> StatusOrZeroAsync(string url)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(url));
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private PublishedProcess Start(string name, string executable, params string[] arguments) =>
        Start(name, executable, new Dictionary<string, string>(), arguments);

    private PublishedProcess Start(string name, string executable, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var process = PublishedProcess.Start(name, executable, environment, arguments);
        _processes.Add(process);
        return process;
    }

    private string Logs() => "\n" + string.Join('\n', _processes.Select(p => p.Tail()));

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_workDir, name)).FullName;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_workDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
