using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Native.Nodes;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native;

/// <summary>Expressions: conditional, binary operators by precedence, unary operators, terms and traversals.</summary>
internal sealed partial class Parser
{
    private static readonly (TokenKind Token, BinaryOperator Op)[][] BinaryLevels =
    [
        [(TokenKind.Or, BinaryOperator.Or)],
        [(TokenKind.And, BinaryOperator.And)],
        [(TokenKind.EqualOp, BinaryOperator.Equal), (TokenKind.NotEqual, BinaryOperator.NotEqual)],
        [
            (TokenKind.GreaterThan, BinaryOperator.GreaterThan), (TokenKind.GreaterThanEq, BinaryOperator.GreaterThanOrEqual),
            (TokenKind.LessThan, BinaryOperator.LessThan), (TokenKind.LessThanEq, BinaryOperator.LessThanOrEqual),
        ],
        [(TokenKind.Plus, BinaryOperator.Add), (TokenKind.Minus, BinaryOperator.Subtract)],
        [(TokenKind.Star, BinaryOperator.Multiply), (TokenKind.Slash, BinaryOperator.Divide), (TokenKind.Percent, BinaryOperator.Modulo)],
    ];

    public Expr ParseExpression()
    {
        var start = Peek().Range;
        if (!Enter(start))
        {
            Leave();
            SetRecovery();
            return new LiteralExpr(HclValue.Null, start);
        }

        try
        {
            return ParseConditional();
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseConditional()
    {
        var condition = ParseBinary(0);
        if (Peek().Kind != TokenKind.Question)
        {
            return condition;
        }

        Read();
        var whenTrue = ParseExpression();
        if (Peek().Kind != TokenKind.Colon)
        {
            if (!_recovery)
            {
                _diagnostics.Error("Missing false expression in conditional",
                    "The conditional operator (...?...:...) requires a false expression, delimited by a colon.", Peek().Range,
                    SourceRange.Between(condition.Range, Peek().Range));
            }

            SetRecovery();
            return new ConditionalExpr(condition, whenTrue, new LiteralExpr(HclValue.Null, Peek().Range), SourceRange.Between(condition.Range, whenTrue.Range));
        }

        Read();
        var whenFalse = ParseExpression();
        return new ConditionalExpr(condition, whenTrue, whenFalse, SourceRange.Between(condition.Range, whenFalse.Range));
    }

    private Expr ParseBinary(int level)
    {
        if (level == BinaryLevels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (true)
        {
            var kind = Peek().Kind;
            BinaryOperator? op = null;
            foreach (var (token, candidate) in BinaryLevels[level])
            {
                if (token == kind)
                {
                    op = candidate;
                    break;
                }
            }

            if (op is null)
            {
                return left;
            }

            Read();
            var right = ParseBinary(level + 1);
            left = new BinaryOpExpr(op.Value, left, right, SourceRange.Between(left.Range, right.Range));
        }
    }

    private Expr ParseUnary()
    {
        var tok = Peek();
        if (tok.Kind is not TokenKind.Minus and not TokenKind.Bang)
        {
            return ParseTraversals(ParseTerm());
        }

        Read();
        if (!Enter(tok.Range))
        {
            Leave();
            SetRecovery();
            return new LiteralExpr(HclValue.Null, tok.Range);
        }

        var operand = ParseUnary();
        Leave();
        if (tok.Kind == TokenKind.Minus && operand is LiteralExpr { Value.Kind: HclValueKind.Number } literal)
        {
            return new LiteralExpr(HclValue.Number(-literal.Value.AsNumber), SourceRange.Between(tok.Range, operand.Range));
        }

        return new UnaryOpExpr(tok.Kind == TokenKind.Bang, operand, SourceRange.Between(tok.Range, operand.Range));
    }

    private Expr ParseTerm()
    {
        var start = Peek();
        switch (start.Kind)
        {
            case TokenKind.OParen:
                return ParseParentheses();
            case TokenKind.NumberLit:
                Read();
                return new LiteralExpr(NumberValue(start), start.Range);
            case TokenKind.Ident:
                return ParseIdentifierTerm();
            case TokenKind.OQuote or TokenKind.OHeredoc:
                return ParseTemplateTerm();
            case TokenKind.OBrack:
                return ParseTupleOrFor();
            case TokenKind.OBrace:
                return ParseObjectOrFor();
            default:
                if (!_recovery)
                {
                    if (start.Kind == TokenKind.Eof)
                    {
                        _diagnostics.Error("Missing expression", "Expected the start of an expression, but found the end of the file.", start.Range);
                    }
                    else
                    {
                        _diagnostics.Error("Invalid expression", "Expected the start of an expression, but found an invalid expression token.", start.Range);
                    }
                }

                SetRecovery();
                return new LiteralExpr(HclValue.Null, start.Range);
        }
    }

    private ParenthesesExpr ParseParentheses()
    {
        var open = Read();
        PushNewlines(false);
        var inner = ParseExpression();
        var close = Peek();
        if (close.Kind != TokenKind.CParen)
        {
            if (!_recovery)
            {
                _diagnostics.Error("Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.", close.Range,
                    SourceRange.Between(open.Range, close.Range));
            }

            SetRecovery();
            close = Recover(TokenKind.CParen);
        }
        else
        {
            Read();
        }

        PopNewlines();
        return new ParenthesesExpr(inner, SourceRange.Between(open.Range, close.Range));
    }

    private HclValue NumberValue(Token tok)
    {
        if (HclNumber.TryParse(tok.Text, out var n))
        {
            return HclValue.Number(n);
        }

        _diagnostics.Error("Invalid number literal", "Failed to recognize the value of this number literal.", tok.Range);
        return HclValue.Null;
    }

    private Expr ParseIdentifierTerm()
    {
        var ident = Read();
        switch (ident.Text)
        {
            case "true":
                return new LiteralExpr(HclValue.True, ident.Range, "true");
            case "false":
                return new LiteralExpr(HclValue.False, ident.Range, "false");
            case "null":
                return new LiteralExpr(HclValue.Null, ident.Range, "null");
        }

        var name = ident.Text;
        var nameRange = ident.Range;
        while (Peek().Kind == TokenKind.DoubleColon)
        {
            Read();
            var part = Peek();
            if (part.Kind != TokenKind.Ident)
            {
                if (!_recovery)
                {
                    _diagnostics.Error("Missing function name", "Function scope resolution symbol :: must be followed by a function name in this scope.", part.Range);
                }

                SetRecovery();
                return new LiteralExpr(HclValue.Null, SourceRange.Between(ident.Range, part.Range));
            }

            Read();
            name += "::" + part.Text;
            nameRange = SourceRange.Between(ident.Range, part.Range);
        }

        if (Peek().Kind == TokenKind.OParen)
        {
            return FinishFunctionCall(name, nameRange);
        }

        return new ScopeTraversalExpr(name, ident.Range, [], ident.Range);
    }

    private FunctionCallExpr FinishFunctionCall(string name, SourceRange nameRange)
    {
        var open = Read();
        PushNewlines(false);
        var args = new List<Expr>();
        var expandFinal = false;
        Token close;
        while (true)
        {
            var next = Peek();
            if (next.Kind == TokenKind.CParen)
            {
                close = Read();
                break;
            }

            var arg = ParseExpression();
            args.Add(arg);
            next = Peek();
            if (next.Kind == TokenKind.Ellipsis)
            {
                Read();
                expandFinal = true;
                next = Peek();
                if (next.Kind != TokenKind.CParen)
                {
                    if (!_recovery)
                    {
                        _diagnostics.Error("Missing closing parenthesis", "An expanded function argument (with ...) must be immediately followed by closing parentheses.",
                            next.Range, SourceRange.Between(nameRange, next.Range));
                    }

                    close = Recover(TokenKind.CParen);
                    break;
                }

                close = Read();
                break;
            }

            if (next.Kind == TokenKind.CParen)
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
                        _diagnostics.Error("Unterminated function call", "There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.",
                            open.Range, SourceRange.Between(nameRange, open.Range));
                    }
                    else
                    {
                        _diagnostics.Error("Missing argument separator", "A comma is required to separate each function argument from the next.",
                            next.Range, SourceRange.Between(nameRange, next.Range));
                    }
                }

                close = Recover(TokenKind.CParen);
                break;
            }

            Read();
        }

        PopNewlines();
        return new FunctionCallExpr(name, nameRange, args, expandFinal, SourceRange.Between(nameRange, close.Range));
    }

    private Expr ParseTraversals(Expr from)
    {
        var result = from;
        while (true)
        {
            var next = Peek();
            if (next.Kind == TokenKind.Dot)
            {
                var dot = Read();
                var attr = Peek();
                if (attr.Kind == TokenKind.Ident)
                {
                    Read();
                    result = AddStep(result, new TraversalStepNode(attr.Text, null, SourceRange.Between(dot.Range, attr.Range)));
                    continue;
                }

                if (attr.Kind == TokenKind.NumberLit)
                {
                    Read();
                    if (attr.Text.Contains('.', StringComparison.Ordinal))
                    {
                        var parts = attr.Text.Split('.');
                        _diagnostics.Error("Invalid legacy index syntax",
                            $"When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [{parts[0]}][{parts[1]}].",
                            attr.Range);
                        continue;
                    }

                    result = AddStep(result, new TraversalStepNode(null, NumberValue(attr), SourceRange.Between(dot.Range, attr.Range)));
                    continue;
                }

                if (attr.Kind == TokenKind.Star)
                {
                    Read();
                    result = FinishSplat(result, SourceRange.Between(dot.Range, attr.Range), fullSplat: false);
                    continue;
                }

                if (!_recovery)
                {
                    _diagnostics.Error("Invalid attribute name", "An attribute name is required after a dot.", attr.Range);
                }

                SetRecovery();
                return result;
            }

            if (next.Kind != TokenKind.OBrack)
            {
                return result;
            }

            var open = Read();
            PushNewlines(false);
            if (Peek().Kind == TokenKind.Star)
            {
                Read();
                var closeSplat = Peek();
                if (closeSplat.Kind != TokenKind.CBrack)
                {
                    if (!_recovery)
                    {
                        _diagnostics.Error("Missing close bracket on splat index", "The star for a full splat operator must be immediately followed by a closing bracket (\"]\").",
                            closeSplat.Range);
                    }

                    closeSplat = Recover(TokenKind.CBrack);
                }
                else
                {
                    Read();
                }

                PopNewlines();
                result = FinishSplat(result, SourceRange.Between(open.Range, closeSplat.Range), fullSplat: true);
                continue;
            }

            var key = ParseExpression();
            var close = Peek();
            if (close.Kind != TokenKind.CBrack)
            {
                if (!_recovery)
                {
                    _diagnostics.Error("Missing close bracket on index", "The index operator must end with a closing bracket (\"]\").", close.Range);
                }

                close = Recover(TokenKind.CBrack);
            }
            else
            {
                Read();
            }

            PopNewlines();
            var bracketRange = SourceRange.Between(open.Range, close.Range);
            result = key is LiteralExpr literal
                ? AddStep(result, new TraversalStepNode(null, literal.Value, bracketRange))
                : new IndexExpr(result, key, bracketRange, SourceRange.Between(result.Range, close.Range));
        }
    }

    private static Expr AddStep(Expr target, TraversalStepNode step)
    {
        var range = SourceRange.Between(target.Range, step.Range);
        return target switch
        {
            ScopeTraversalExpr s => new ScopeTraversalExpr(s.Root, s.RootRange, [.. s.Steps, step], range),
            RelativeTraversalExpr r => new RelativeTraversalExpr(r.Source, [.. r.Steps, step], range),
            _ => new RelativeTraversalExpr(target, [step], range),
        };
    }

    // After a splat, the following steps apply to each element: only attribute steps for ".*", any steps for "[*]".
    private SplatExpr FinishSplat(Expr source, SourceRange splatRange, bool fullSplat)
    {
        var item = new AnonSymbolExpr(splatRange);
        Expr each = item;
        while (true)
        {
            var next = Peek();
            if (next.Kind == TokenKind.Dot)
            {
                var after = _tokens[NextIndexAfter(next)];
                if (after.Kind == TokenKind.Star)
                {
                    Read();
                    Read();
                    _diagnostics.Error("Nested splat expression not allowed", "A splat expression (*) cannot be used inside another attribute-only splat expression.",
                        SourceRange.Between(next.Range, after.Range));
                    continue;
                }

                if (after.Kind is not TokenKind.Ident and not TokenKind.NumberLit)
                {
                    break;
                }

                var dot = Read();
                var attr = Read();
                var step = attr.Kind == TokenKind.Ident
                    ? new TraversalStepNode(attr.Text, null, SourceRange.Between(dot.Range, attr.Range))
                    : new TraversalStepNode(null, NumberValue(attr), SourceRange.Between(dot.Range, attr.Range));
                each = AddStep(each, step);
                continue;
            }

            if (fullSplat && next.Kind == TokenKind.OBrack)
            {
                each = ParseTraversals(each);
                continue;
            }

            break;
        }

        return new SplatExpr(source, each, item, SourceRange.Between(source.Range, PrevRange()));
    }

    private int NextIndexAfter(Token token)
    {
        var i = token.Start;
        var index = _tokens.FindIndex(_next, t => t.Start == i && t.Kind == token.Kind);
        for (var j = index + 1; j < _tokens.Count; j++)
        {
            if (_tokens[j].Kind != TokenKind.Comment && (_tokens[j].Kind != TokenKind.Newline || _includeNewlines.Peek()))
            {
                return j;
            }
        }

        return _tokens.Count - 1;
    }
}
