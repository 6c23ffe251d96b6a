using System.Globalization;
using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Native;

/// <summary>
/// The text of one file and a map from character indexes to HCL source positions (line, column in grapheme
/// clusters, UTF-8 byte offset). Positions are asked for mostly in increasing order, so the map walks forward
/// from the last position it computed and only restarts from a line start when asked to go back.
/// </summary>
internal sealed class SourceText
{
    private readonly List<int> _lineStarts = [0];
    private readonly SourcePos _origin;
    private int _cursorIndex;
    private SourcePos _cursorPos = SourcePos.Start;

    public SourceText(string filename, string text)
        : this(filename, text, SourcePos.Start)
    {
    }

    /// <summary>Text that starts at <paramref name="origin"/> of a larger file (a string inside a JSON document).</summary>
    public SourceText(string filename, string text, SourcePos origin)
    {
        Filename = filename;
        Text = text;
        _origin = origin;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public string Filename { get; }

    public string Text { get; }

    public SourceRange Range(int start, int end) => new(Filename, At(start), At(end));

    public SourcePos At(int index)
    {
        var local = LocalAt(index);
        if (_origin == SourcePos.Start)
        {
            return local;
        }

        return new SourcePos(
            _origin.Line + local.Line - 1,
            local.Line == 1 ? _origin.Column + local.Column - 1 : local.Column,
            _origin.Byte + local.Byte);
    }

    private SourcePos LocalAt(int index)
    {
        index = Math.Clamp(index, 0, Text.Length);
        if (index < _cursorIndex)
        {
            RewindToLineOf(index);
        }

        var text = Text;
        var i = _cursorIndex;
        var line = _cursorPos.Line;
        var column = _cursorPos.Column;
        var offset = _cursorPos.Byte;
        while (i < index)
        {
            // Fast path: an ASCII character other than CR followed by an ASCII character (or the end) is a whole
            // grapheme cluster of one UTF-8 byte (UAX #29 only joins ASCII in CR LF), so no segmentation is needed.
            var c = text[i];
            if (c < 0x80 && c != '\r' && (i + 1 == text.Length || text[i + 1] < 0x80))
            {
                i++;
                offset++;
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }

                continue;
            }

            var length = text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n'
                ? 2
                : StringInfo.GetNextTextElementLength(text, i);
            if (i + length > index)
            {
                // The index falls inside a grapheme cluster: count its characters' bytes, not a new column.
                while (i < index)
                {
                    offset += Utf8Length(text, i, out var step);
                    i += step;
                }

                break;
            }

            var endsLine = text[i + length - 1] == '\n';
            for (var j = i; j < i + length;)
            {
                offset += Utf8Length(text, j, out var step);
                j += step;
            }

            i += length;
            if (endsLine)
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        _cursorIndex = i;
        _cursorPos = new SourcePos(line, column, offset);
        return _cursorPos;
    }

    private void RewindToLineOf(int index)
    {
        var lineIndex = _lineStarts.BinarySearch(index);
        if (lineIndex < 0)
        {
            lineIndex = ~lineIndex - 1;
        }

        var start = _lineStarts[lineIndex];

        // Byte offsets of a line start are not stored, so count them from the previous cursor when it is earlier,
        // otherwise from the start of the file. Going backwards is rare (diagnostics about earlier tokens).
        var fromIndex = 0;
        var fromPos = SourcePos.Start;
        if (_cursorIndex <= start)
        {
            fromIndex = _cursorIndex;
            fromPos = _cursorPos;
        }

        var offset = fromPos.Byte;
        for (var j = fromIndex; j < start;)
        {
            offset += Utf8Length(Text, j, out var step);
            j += step;
        }

        _cursorIndex = start;
        _cursorPos = new SourcePos(lineIndex + 1, 1, offset);
    }

    private static int Utf8Length(string text, int i, out int step)
    {
        var c = text[i];
        step = 1;
        if (c < 0x80)
        {
            return 1;
        }

        if (c < 0x800)
        {
            return 2;
        }

        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            step = 2;
            return 4;
        }

        return 3;
    }
}
