using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native.Nodes;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native;

/// <summary>Tuple and object constructors and for-expressions.</summary>
internal sealed partial class Parser
{
    private bool AtForKeyword()
    {
        var next = Peek();
        if (next.Kind != TokenKind.Ident || next.Text != "for")
        {
            return false;
        }

        return _tokens[NextIndexAfter(next)].Kind == TokenKind.Ident;
    }

    private Expr ParseTupleOrFor()
    {
        var open = Read();
        PushNewlines(false);
        try
        {
            if (AtForKeyword())
            {
                return FinishFor(open, TokenKind.CBrack);
            }

            var items = new List<Expr>();
            Token close;
            while (true)
            {
                var next = Peek();
                if (next.Kind == TokenKind.CBrack)
                {
                    close = Read();
                    break;
                }

                items.Add(ParseExpression());
                next = Peek();
                if (next.Kind == TokenKind.CBrack)
                {
                    close = Read();
                    break;
                }

                if (next.Kind != TokenKind.Comma)
                {
                    if (!_recovery)
                    {
                        if (next.Kind == TokenKind.Eof)
                        {
                            _diagnostics.Error("Unterminated tuple constructor expression",
                                "There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.",
                                open.Range);
                        }
                        else
                        {
                            _diagnostics.Error("Missing item separator", "Expected a comma to mark the beginning of the next item.", next.Range,
                                SourceRange.Between(open.Range, next.Range));
                        }
                    }

                    close = Recover(TokenKind.CBrack);
                    break;
                }

                Read();
            }

            return new TupleConsExpr(items, SourceRange.Between(open.Range, close.Range));
        }
        finally
        {
            PopNewlines();
        }
    }

    private Expr ParseObjectOrFor()
    {
        var open = Read();
        PushNewlines(true);
        try
        {
            if (AtForKeyword())
            {
                PushNewlines(false);
                try
                {
                    return FinishFor(open, TokenKind.CBrace);
                }
                finally
                {
                    PopNewlines();
                }
            }

            var items = new List<(Expr, Expr)>();
            Token close;
            while (true)
            {
                var next = Peek();
                if (next.Kind == TokenKind.Newline)
                {
                    Read();
                    continue;
                }

                if (next.Kind == TokenKind.CBrace)
                {
                    close = Read();
                    break;
                }

                PushNewlines(false);
                var key = ParseExpression();
                PopNewlines();
                next = Peek();
                if (next.Kind is not TokenKind.Equal and not TokenKind.Colon)
                {
                    if (!_recovery)
                    {
                        if (next.Kind is TokenKind.Comma or TokenKind.Newline or TokenKind.CBrace)
                        {
                            _diagnostics.Error("Missing attribute value", "Expected an attribute value, introduced by an equals sign (\"=\").", next.Range,
                                SourceRange.Between(key.Range, next.Range));
                        }
                        else if (next.Kind == TokenKind.Eof)
                        {
                            _diagnostics.Error("Unterminated object constructor expression",
                                "There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
                                open.Range);
                        }
                        else
                        {
                            _diagnostics.Error("Missing key/value separator", "Expected an equals sign (\"=\") to mark the beginning of the attribute value.",
                                next.Range, SourceRange.Between(key.Range, next.Range));
                        }
                    }

                    close = Recover(TokenKind.CBrace);
                    break;
                }

                Read();
                PushNewlines(false);
                var value = ParseExpression();
                PopNewlines();
                items.Add((key, value));
                next = Peek();
                if (next.Kind == TokenKind.CBrace)
                {
                    close = Read();
                    break;
                }

                if (next.Kind is TokenKind.Comma or TokenKind.Newline)
                {
                    Read();
                    continue;
                }

                if (!_recovery)
                {
                    if (next.Kind == TokenKind.Eof)
                    {
                        _diagnostics.Error("Unterminated object constructor expression",
                            "There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
                            open.Range);
                    }
                    else
                    {
                        _diagnostics.Error("Missing attribute separator",
                            "Expected a newline or comma to mark the beginning of the next attribute.", next.Range,
                            SourceRange.Between(open.Range, next.Range));
                    }
                }

                close = Recover(TokenKind.CBrace);
                break;
            }

            return new ObjectConsExpr(items, SourceRange.Between(open.Range, close.Range));
        }
        finally
        {
            PopNewlines();
        }
    }

    private Expr FinishFor(Token open, TokenKind closeKind)
    {
        Read(); // "for"
        var makeObject = closeKind == TokenKind.CBrace;
        var first = Read();
        string? keyVar = null;
        var valueVar = first.Text;
        if (Peek().Kind == TokenKind.Comma)
        {
            Read();
            var second = Peek();
            if (second.Kind != TokenKind.Ident)
            {
                return ForError(open, closeKind, "The 'for' expression requires a second variable name after the comma.", second);
            }

            Read();
            keyVar = first.Text;
            valueVar = second.Text;
        }

        var inKeyword = Peek();
        if (inKeyword.Kind != TokenKind.Ident || inKeyword.Text != "in")
        {
            return ForError(open, closeKind, "The 'in' keyword is expected after the 'for' variable names.", inKeyword);
        }

        Read();
        var collection = ParseExpression();
        if (Peek().Kind != TokenKind.Colon)
        {
            return ForError(open, closeKind, "The 'for' expression requires a colon after the collection expression.", Peek());
        }

        Read();
        Expr? keyExpr = null;
        var valueExpr = ParseExpression();
        var group = false;
        if (makeObject)
        {
            if (Peek().Kind != TokenKind.FatArrow)
            {
                return ForError(open, closeKind, "The '=>' symbol is required to separate the key and value in an object 'for' expression.", Peek());
            }

            Read();
            keyExpr = valueExpr;
            valueExpr = ParseExpression();
            if (Peek().Kind == TokenKind.Ellipsis)
            {
                Read();
                group = true;
            }
        }

        Expr? condition = null;
        if (Peek() is { Kind: TokenKind.Ident } ifKeyword && ifKeyword.Text == "if")
        {
            Read();
            condition = ParseExpression();
        }

        var close = Peek();
        if (close.Kind != closeKind)
        {
            var message = close.Kind == TokenKind.Ellipsis && !makeObject
                ? "Grouping ellipsis (...) can be used only in an object 'for' expression."
                : $"Extra characters after the end of the 'for' expression; expected \"{(makeObject ? "}" : "]")}\".";
            return ForError(open, closeKind, message, close);
        }

        Read();
        return new ForExpr(keyVar, valueVar, collection, keyExpr, valueExpr, condition, group, SourceRange.Between(open.Range, close.Range));
    }

    private LiteralExpr ForError(Token open, TokenKind closeKind, string detail, Token at)
    {
        if (!_recovery)
        {
            _diagnostics.Error("Invalid 'for' expression", detail, at.Range, SourceRange.Between(open.Range, at.Range));
        }

        var close = Recover(closeKind);
        return new LiteralExpr(HclValue.Null, SourceRange.Between(open.Range, close.Range));
    }
}
