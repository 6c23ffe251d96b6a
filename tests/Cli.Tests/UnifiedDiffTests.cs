using Mesh.Cli.Rendering;

namespace Mesh.Cli.Tests;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Render_OneLineChanged_ShowsHunkWithContext()
    {
        var before = "a\nb\nc\nd\ne\n";
        var after = "a\nb\nC\nd\ne\n";

        var diff = UnifiedDiff.Render("old", "new", before, after);

        Assert.Equal("--- old\n+++ new\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n e\n", diff);
    }

    [Fact]
    public void Render_Creation_AllLinesAdded()
    {
        var diff = UnifiedDiff.Render("/dev/null", "new", string.Empty, "x\ny\n");

        Assert.Equal("--- /dev/null\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n", diff);
    }

    [Fact]
    public void Render_DistantChanges_SeparateHunks()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line{i}")) + "\n";
        var after = before.Replace("line2\n", "LINE2\n", StringComparison.Ordinal).Replace("line19\n", "LINE19\n", StringComparison.Ordinal);

        var diff = UnifiedDiff.Render("a", "b", before, after);

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
    }
}
