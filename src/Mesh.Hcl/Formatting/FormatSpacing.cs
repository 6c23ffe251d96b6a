using Mesh.Hcl.Native;

namespace Mesh.Hcl.Formatting;

/// <summary>The rules hclwrite uses to decide whether one space separates two tokens on a line.</summary>
internal static class FormatSpacing
{
    /// <summary>Whether a space goes between <paramref name="subject"/> and <paramref name="after"/>.</summary>
    /// <param name="subject">The token the space would follow.</param>
    /// <param name="before">The token before <paramref name="subject"/> in the same cell, or null.</param>
    /// <param name="after">The token the space would precede.</param>
    public static bool SpaceAfter(FormatToken subject, FormatToken? before, FormatToken after)
    {
        var s = subject.Kind;
        var a = after.Kind;
        switch (s, a)
        {
            case (_, TokenKind.Newline):
                return false;
            case (TokenKind.Ident, TokenKind.OParen):
                return false;
            case (TokenKind.Ident, TokenKind.DoubleColon) or (TokenKind.DoubleColon, TokenKind.Ident):
                return false;
            case (TokenKind.Dot, _) or (_, TokenKind.Dot):
                return false;
            case (_, TokenKind.Comma) or (_, TokenKind.Ellipsis):
                return false;
            case (TokenKind.Comma, _):
                return true;
        }

        if (s is TokenKind.QuotedLit or TokenKind.StringLit or TokenKind.OQuote or TokenKind.OHeredoc
            || a is TokenKind.QuotedLit or TokenKind.StringLit or TokenKind.CQuote or TokenKind.CHeredoc)
        {
            // Never change the text of a template.
            return false;
        }

        if (s == TokenKind.Ident && subject.Text == "in" && before?.Kind == TokenKind.Ident)
        {
            // The keyword of a for expression: "for x in [a]" rather than "for x in[a]".
            return true;
        }

        if (a == TokenKind.OBrack && (s is TokenKind.Ident or TokenKind.NumberLit || subject.BracketChange < 0))
        {
            return false;
        }

        if (s == TokenKind.Minus)
        {
            return !IsNegation(before);
        }

        if (s == TokenKind.Bang)
        {
            return false;
        }

        if (s == TokenKind.OBrace || a == TokenKind.CBrace)
        {
            // Braces take a space inside ("a = { b = 1 }"), except an empty pair ("a {}").
            return !(s == TokenKind.OBrace && a == TokenKind.CBrace);
        }

        if (s is TokenKind.TemplateInterp or TokenKind.TemplateControl && a == TokenKind.OBrace)
        {
            return true;
        }

        if (s == TokenKind.CBrace && a == TokenKind.TemplateSeqEnd)
        {
            return true;
        }

        if (s == TokenKind.TemplateSeqEnd && a is TokenKind.TemplateInterp or TokenKind.TemplateControl)
        {
            return false;
        }

        return subject.BracketChange <= 0 && after.BracketChange >= 0;
    }

    // A minus is a negation when the token before it cannot end an expression.
    private static bool IsNegation(FormatToken? before) => before is null || before.Kind is
        TokenKind.OParen or TokenKind.OBrace or TokenKind.OBrack or TokenKind.Equal or TokenKind.Colon or TokenKind.Comma
        or TokenKind.Question or TokenKind.Plus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent or TokenKind.Minus
        or TokenKind.EqualOp or TokenKind.NotEqual or TokenKind.GreaterThan or TokenKind.GreaterThanEq or TokenKind.LessThan
        or TokenKind.LessThanEq or TokenKind.And or TokenKind.Or or TokenKind.Bang or TokenKind.FatArrow
        or TokenKind.TemplateInterp or TokenKind.TemplateControl;
}
