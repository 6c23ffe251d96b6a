namespace Mesh.Hcl.Formatting;

/// <summary>
/// One line of tokens split into hclwrite's three cells: the lead (everything before an attribute's <c>=</c>),
/// the assignment (<c>=</c> and a single-line value) and a trailing line comment. The newline is not part of any cell.
/// </summary>
internal sealed class FormatLine
{
    public List<FormatToken> Lead { get; } = [];

    public List<FormatToken> Assign { get; } = [];

    public List<FormatToken> Comment { get; } = [];

    public FormatToken? Newline { get; set; }

    public static int Columns(List<FormatToken> tokens)
    {
        var total = 0;
        foreach (var t in tokens)
        {
            total += t.SpacesBefore + t.Columns;
        }

        return total;
    }

    /// <summary>Moves a trailing line comment and a single-line attribute value out of the lead cell.</summary>
    public void SplitCells()
    {
        if (Lead.Count > 1 && Lead[^1].IsLineComment)
        {
            Comment.Add(Lead[^1]);
            Lead.RemoveAt(Lead.Count - 1);
        }

        for (var i = 1; i < Lead.Count; i++)
        {
            if (Lead[i].Kind != Native.TokenKind.Equal)
            {
                continue;
            }

            if (NetBrackets(Lead, i) == 0)
            {
                Assign.AddRange(Lead.GetRange(i, Lead.Count - i));
                Lead.RemoveRange(i, Lead.Count - i);
            }

            break;
        }
    }

    /// <summary>The net bracket change of tokens from <paramref name="from"/>, stopping at a heredoc opener.</summary>
    public static int NetBrackets(List<FormatToken> tokens, int from = 0)
    {
        var net = 0;
        for (var i = from; i < tokens.Count; i++)
        {
            net += tokens[i].BracketChange;
            if (tokens[i].Kind == Native.TokenKind.OHeredoc)
            {
                break;
            }
        }

        return net;
    }
}
