using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mesh.Cli.Tests;

/// <summary>The rule sets under examples/: the realistic ones validate clean, each broken one reports exactly what its header says.</summary>
public sealed partial class ExamplesTests
{
    private static readonly string Examples = FindExamples();

    [Theory]
    [InlineData("shop")]
    [InlineData("bookinfo")]
    public async Task Validate_RealisticExample_IsClean(string folder)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["validate", Path.Combine(Examples, folder)], stdout, stderr);

        Assert.True(exit == ExitCodes.Success, stderr.ToString());
        Assert.Empty(stderr.ToString());
    }

    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Examples, "broken"), "*.hcl").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task Validate_BrokenExample_ReportsExactlyTheExpectedFindings(string name)
    {
        var path = Path.Combine(Examples, "broken", name);
        var expected = File.ReadLines(path)
            .TakeWhile(l => l.StartsWith('#'))
            .Select(l => ExpectPattern().Match(l))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups["severity"].Value} {m.Groups["what"].Value.Trim('"')} {m.Groups["line"].Value}:{m.Groups["column"].Value}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(expected);
        var stdout = new StringWriter();

        var exit = await MeshctlApp.RunAsync(["validate", path, "-o", "json"], stdout, new StringWriter());

        using var json = JsonDocument.Parse(stdout.ToString());
        var actual = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d =>
            {
                var code = d.GetProperty("code").GetString();
                var start = d.GetProperty("range").GetProperty("start");
                return $"{d.GetProperty("severity").GetString()} {(string.IsNullOrEmpty(code) ? d.GetProperty("summary").GetString() : code)} {start.GetProperty("line").GetInt32()}:{start.GetProperty("column").GetInt32()}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Any(e => e.StartsWith("error", StringComparison.Ordinal)) ? ExitCodes.InvalidInput : ExitCodes.Success, exit);
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "broken")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^# expect: (?<severity>error|warning) (?<what>\"[^\"]+\"|MESH\\d{4}) (?<line>\\d+):(?<column>\\d+)$")]
    private static partial Regex ExpectPattern();
}
