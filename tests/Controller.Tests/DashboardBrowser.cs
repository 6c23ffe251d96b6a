using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Mesh.Controller.Tests;

/// <summary>Drives Debian's <c>chromium</c> headless: loads a page, lets its scripts run, returns the serialized DOM.</summary>
internal static partial class DashboardBrowser
{
    private const string Package = "chromium";
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Loads <paramref name="url"/> and returns the DOM after <paramref name="virtualTimeBudgetMs"/> ms of page time.</summary>
    public static async Task<string> DumpDomAsync(Uri url, int virtualTimeBudgetMs = 3000)
    {
        var chromium = await FindOrInstallAsync();
        var profile = Directory.CreateTempSubdirectory("dashboard-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                $"--user-data-dir={profile}", $"--virtual-time-budget={virtualTimeBudgetMs}", "--dump-dom", url.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{chromium} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish loading {url} within 60 s; stderr: {await stderr}");
            }

            var dom = await stdout;
            Assert.True(
                process.ExitCode == 0 && dom.Contains("</html>", StringComparison.Ordinal),
                $"chromium exited with {process.ExitCode} for {url}; stderr: {await stderr}");
            return dom;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    /// <summary>The start tag of the element with <c>data-testid="<paramref name="testId"/>"</c> and its attributes, or null.</summary>
    public static IReadOnlyDictionary<string, string>? Element(string dom, string testId)
    {
        var tag = Regex.Match(dom, $"<[a-zA-Z]+\\s[^>]*data-testid=\"{Regex.Escape(testId)}\"[^>]*>");
        if (!tag.Success)
        {
            return null;
        }

        return AttributePattern().Matches(tag.Value).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value), StringComparer.Ordinal);
    }

    /// <summary>The text of the table row with <c>data-testid="<paramref name="testId"/>"</c>, tags stripped, or null.</summary>
    public static string? RowText(string dom, string testId)
    {
        var row = Regex.Match(dom, $"<tr[^>]*data-testid=\"{Regex.Escape(testId)}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        return row.Success ? WebUtility.HtmlDecode(Regex.Replace(row.Groups[1].Value, "<[^>]+>", " ")) : null;
    }

    /// <summary>A numeric attribute of an element, failing the test with the DOM fragment when it is missing.</summary>
    public static double Number(string dom, string testId, string attribute)
    {
        var element = Element(dom, testId);
        Assert.True(element is not null, $"No element data-testid=\"{testId}\" in the dashboard:\n{Excerpt(dom)}");
        Assert.True(element.TryGetValue(attribute, out var value), $"{testId} has no {attribute}");
        return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static string Excerpt(string dom)
    {
        var body = dom.IndexOf("<body", StringComparison.Ordinal);
        var text = body < 0 ? dom : dom[body..];
        return text.Length > 4000 ? text[..4000] : text;
    }

    private static async Task<string> FindOrInstallAsync()
    {
        if (Find() is { } found)
        {
            return found;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail(
                $"The dashboard tests need a headless browser: install Debian's `{Package}` package " +
                $"(sudo apt-get install -y {Package}, or run eng/install-test-deps.sh as root as CI does).");
        }

        await InstallGate.WaitAsync();
        try
        {
            if (Find() is { } raced)
            {
                return raced;
            }

            var script = InstallScript();
            using var install = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("bash did not start.");
            var output = install.StandardOutput.ReadToEndAsync();
            var errors = install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            return Find() ?? throw new InvalidOperationException(
                $"{script} exited with {install.ExitCode} and `{Package}` is still missing: {await output}{await errors}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, Package))
            .FirstOrDefault(File.Exists);

    private static string InstallScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "eng", "install-test-deps.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException($"`{Package}` is not installed and eng/install-test-deps.sh was not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"")]
    private static partial Regex AttributePattern();
}
