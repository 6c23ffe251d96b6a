using System.Text;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native;

namespace Mesh.Hcl.Formatting;

/// <summary>
/// Rewrites native-syntax HCL into the canonical layout of HashiCorp's <c>hclwrite.Format</c> (what
/// <c>terraform fmt</c> writes): two-space indentation, one space between most tokens, aligned <c>=</c> signs and
/// trailing comments in runs of single-line attributes. Only whitespace changes: comments, strings and heredoc
/// bodies are kept exactly.
/// </summary>
public static class HclFormatter
{
    private const string FileName = "<fmt>";

    /// <summary>
    /// Formats <paramref name="source"/>. Text with syntax errors is returned unchanged; parse it with
    /// <see cref="HclParser.ParseFile(string, string)"/> to report why.
    /// </summary>
    public static string Format(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (HclParser.ParseFile(source, FileName).Diagnostics.HasErrors)
        {
            return source;
        }

        var tokens = Scanner.Scan(new SourceText(FileName, source), new DiagnosticBag());
        var lines = SplitLines(tokens);
        FormatIndent(lines);
        FormatSpaces(lines);
        AlignCells(lines);
        return Write(lines);
    }

    private static List<FormatLine> SplitLines(List<Token> tokens)
    {
        var lines = new List<FormatLine>();
        var current = new FormatLine();
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Eof)
            {
                break;
            }

            var t = FormatToken.From(token);
            if (t.Kind == TokenKind.Newline)
            {
                current.Newline = t;
                lines.Add(current);
                current = new FormatLine();
            }
            else
            {
                current.Lead.Add(t);
            }
        }

        lines.Add(current);
        foreach (var line in lines)
        {
            line.SplitCells();
        }

        return lines;
    }

    private static void FormatIndent(List<FormatLine> lines)
    {
        // Count the brackets each line opens or closes: a line with a net increase is indented at the current
        // level and pushes a level; a line with a net decrease pops levels before it is indented.
        var indents = new List<int>();
        foreach (var line in lines)
        {
            if (line.Lead.Count == 0)
            {
                continue;
            }

            var net = FormatLine.NetBrackets(line.Lead) + FormatLine.NetBrackets(line.Assign);
            if (net > 0)
            {
                line.Lead[0].SpacesBefore = 2 * indents.Count;
                indents.Add(net);
                continue;
            }

            var closed = -net;
            while (closed > 0 && indents.Count > 0)
            {
                var top = indents[^1];
                if (closed >= top)
                {
                    closed -= top;
                    indents.RemoveAt(indents.Count - 1);
                }
                else
                {
                    indents[^1] = top - closed;
                    closed = 0;
                }
            }

            line.Lead[0].SpacesBefore = 2 * indents.Count;
        }
    }

    private static void FormatSpaces(List<FormatLine> lines)
    {
        foreach (var line in lines)
        {
            SpaceCell(line.Lead);
            if (line.Assign.Count > 0)
            {
                line.Assign[0].SpacesBefore = 1;
                SpaceCell(line.Assign);
            }

            if (line.Comment.Count > 0)
            {
                line.Comment[0].SpacesBefore = 1;
            }
        }
    }

    private static void SpaceCell(List<FormatToken> cell)
    {
        for (var i = 0; i + 1 < cell.Count; i++)
        {
            var before = i > 0 ? cell[i - 1] : null;
            cell[i + 1].SpacesBefore = FormatSpacing.SpaceAfter(cell[i], before, cell[i + 1]) ? 1 : 0;
        }
    }

    private static void AlignCells(List<FormatLine> lines)
    {
        // Runs of consecutive lines with a single-line attribute align their "=" signs...
        AlignRuns(lines, l => l.Assign, l => FormatLine.Columns(l.Lead));

        // ...then runs of consecutive lines with a trailing comment align the comments.
        AlignRuns(lines, l => l.Comment, l => FormatLine.Columns(l.Lead) + FormatLine.Columns(l.Assign));
    }

    private static void AlignRuns(List<FormatLine> lines, Func<FormatLine, List<FormatToken>> cell, Func<FormatLine, int> width)
    {
        var start = -1;
        var max = 0;
        for (var i = 0; i <= lines.Count; i++)
        {
            if (i < lines.Count && cell(lines[i]).Count > 0)
            {
                start = start < 0 ? i : start;
                max = Math.Max(max, width(lines[i]));
                continue;
            }

            if (start >= 0)
            {
                for (var j = start; j < i; j++)
                {
                    cell(lines[j])[0].SpacesBefore = max - width(lines[j]) + 1;
                }

                start = -1;
                max = 0;
            }
        }
    }

    private static string Write(List<FormatLine> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            WriteCell(sb, line.Lead);
            WriteCell(sb, line.Assign);
            WriteCell(sb, line.Comment);
            if (line.Newline is not null)
            {
                sb.Append('\n');
            }
        }

        var end = sb.Length;
        while (end > 0 && sb[end - 1] is '\n' or ' ' or '\t')
        {
            end--;
        }

        sb.Length = end;
        if (end > 0)
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void WriteCell(StringBuilder sb, List<FormatToken> cell)
    {
        foreach (var t in cell)
        {
            sb.Append(' ', t.SpacesBefore).Append(t.Text);
        }
    }
}
