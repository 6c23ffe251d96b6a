using System.Text;

namespace Mesh.Cli.Rendering;

/// <summary>A unified diff of two texts by lines (longest common subsequence; resources are small).</summary>
internal static class UnifiedDiff
{
    private const int ContextLines = 3;

    public static string Render(string fromName, string toName, string from, string to)
    {
        var a = SplitLines(from);
        var b = SplitLines(to);
        var edits = Edits(a, b);

        var output = new StringBuilder();
        output.Append("--- ").Append(fromName).Append('\n');
        output.Append("+++ ").Append(toName).Append('\n');

        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - ContextLines);
            var end = i;
            var lastChange = i;
            while (end < edits.Count && (edits[end].Kind != ' ' || end - lastChange <= ContextLines * 2))
            {
                if (edits[end].Kind != ' ')
                {
                    lastChange = end;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + ContextLines + 1);
            var (aStart, bStart) = (edits[start].ALine, edits[start].BLine);
            var aCount = 0;
            var bCount = 0;
            for (var k = start; k < end; k++)
            {
                if (edits[k].Kind != '+') aCount++;
                if (edits[k].Kind != '-') bCount++;
            }

            output.Append("@@ -").Append(aCount == 0 ? aStart : aStart + 1).Append(',').Append(aCount)
                .Append(" +").Append(bCount == 0 ? bStart : bStart + 1).Append(',').Append(bCount).Append(" @@\n");
            for (var k = start; k < end; k++)
            {
                output.Append(edits[k].Kind).Append(edits[k].Text).Append('\n');
            }

            i = end;
        }

        return output.ToString();
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    private static List<(char Kind, string Text, int ALine, int BLine)> Edits(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
        {
            for (var y = b.Length - 1; y >= 0; y--)
            {
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var edits = new List<(char, string, int, int)>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j])
            {
                edits.Add((' ', a[i], i, j));
                i++;
                j++;
            }
            else if (i < a.Length && (j == b.Length || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                // Deletions before insertions, as diff(1) prints them.
                edits.Add(('-', a[i], i, j));
                i++;
            }
            else
            {
                edits.Add(('+', b[j], i, j));
                j++;
            }
        }

        return edits;
    }
}
