using System.Text;

namespace Mesh.Hcl.Diagnostics;

/// <summary>Greedy word wrapping for diagnostic details. Lines that start with whitespace are kept as written.</summary>
internal static class TextWrap
{
    public static string Wrap(string text, int width)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (width <= 0)
        {
            return string.Join('\n', lines);
        }

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            var line = lines[i];
            if (line.Length == 0 || char.IsWhiteSpace(line[0]))
            {
                sb.Append(line.TrimEnd());
                continue;
            }

            var column = 0;
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (column > 0 && column + 1 + word.Length > width)
                {
                    sb.Append('\n');
                    column = 0;
                }
                else if (column > 0)
                {
                    sb.Append(' ');
                    column++;
                }

                sb.Append(word);
                column += word.Length;
            }
        }

        return sb.ToString();
    }
}
