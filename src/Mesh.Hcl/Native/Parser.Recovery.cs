namespace Mesh.Hcl.Native;

/// <summary>Error recovery and the up-front check for tokens that are never valid.</summary>
internal sealed partial class Parser
{
    /// <summary>Skips to the token closing the current bracket (counting nested ones) and returns it.</summary>
    private Token Recover(TokenKind end)
    {
        var start = Opposite(end);
        SetRecovery();
        var nest = 0;
        while (true)
        {
            var tok = Read();
            var kind = tok.Kind;
            if (end == TokenKind.TemplateSeqEnd && kind == TokenKind.TemplateControl)
            {
                kind = TokenKind.TemplateInterp;
            }

            if (kind == start)
            {
                nest++;
            }
            else if (kind == end)
            {
                if (nest < 1)
                {
                    return tok;
                }

                nest--;
            }
            else if (kind == TokenKind.Eof)
            {
                return tok;
            }
        }
    }

    /// <summary>Skips to the newline that ends the current body item, stepping over anything bracketed.</summary>
    private void RecoverAfterBodyItem()
    {
        SetRecovery();
        var open = new Stack<TokenKind>();
        PushNewlines(true);
        try
        {
            while (true)
            {
                var tok = Read();
                switch (tok.Kind)
                {
                    case TokenKind.Newline when open.Count == 0:
                    case TokenKind.Eof:
                        return;
                    case TokenKind.OBrace or TokenKind.OBrack or TokenKind.OParen or TokenKind.OQuote or TokenKind.OHeredoc
                        or TokenKind.TemplateInterp or TokenKind.TemplateControl:
                        open.Push(tok.Kind);
                        break;
                    case TokenKind.CBrace or TokenKind.CBrack or TokenKind.CParen or TokenKind.CQuote or TokenKind.CHeredoc:
                        var opener = Opposite(tok.Kind);
                        while (open.Count > 0 && open.Peek() != opener)
                        {
                            open.Pop();
                        }

                        if (open.Count > 0)
                        {
                            open.Pop();
                        }

                        break;
                    case TokenKind.TemplateSeqEnd:
                        while (open.Count > 0 && open.Peek() is not TokenKind.TemplateInterp and not TokenKind.TemplateControl)
                        {
                            open.Pop();
                        }

                        if (open.Count > 0)
                        {
                            open.Pop();
                        }

                        break;
                }
            }
        }
        finally
        {
            PopNewlines();
        }
    }

    private static TokenKind Opposite(TokenKind kind) => kind switch
    {
        TokenKind.OBrace => TokenKind.CBrace,
        TokenKind.CBrace => TokenKind.OBrace,
        TokenKind.OBrack => TokenKind.CBrack,
        TokenKind.CBrack => TokenKind.OBrack,
        TokenKind.OParen => TokenKind.CParen,
        TokenKind.CParen => TokenKind.OParen,
        TokenKind.OQuote => TokenKind.CQuote,
        TokenKind.CQuote => TokenKind.OQuote,
        TokenKind.OHeredoc => TokenKind.CHeredoc,
        TokenKind.CHeredoc => TokenKind.OHeredoc,
        TokenKind.TemplateSeqEnd => TokenKind.TemplateInterp,
        _ => TokenKind.Invalid,
    };

    private void CheckInvalidTokens()
    {
        var toldBitwise = 0;
        var toldPower = false;
        var toldSemicolon = false;
        var toldBadEncoding = false;
        var backticks = 0;
        var apostrophes = 0;
        foreach (var tok in _tokens)
        {
            switch (tok.Kind)
            {
                case TokenKind.BitwiseAnd or TokenKind.BitwiseOr or TokenKind.BitwiseXor or TokenKind.BitwiseNot when toldBitwise < 4:
                    var hint = tok.Kind switch
                    {
                        TokenKind.BitwiseAnd => " Did you mean boolean AND (\"&&\")?",
                        TokenKind.BitwiseOr => " Did you mean boolean OR (\"||\")?",
                        TokenKind.BitwiseNot => " Did you mean boolean NOT (\"!\")?",
                        _ => "",
                    };
                    _diagnostics.Error("Unsupported operator", "Bitwise operators are not supported." + hint, tok.Range);
                    toldBitwise++;
                    break;
                case TokenKind.StarStar when !toldPower:
                    _diagnostics.Error("Unsupported operator", "\"**\" is not a supported operator. Exponentiation is not supported as an operator.", tok.Range);
                    toldPower = true;
                    break;
                case TokenKind.Backtick:
                    if (backticks % 2 == 0)
                    {
                        _diagnostics.Error("Invalid character",
                            "The \"`\" character is not valid. To create a multi-line string, use the \"heredoc\" syntax, like \"<<EOT\".", tok.Range);
                    }

                    backticks = Math.Min(backticks + 1, 3);
                    break;
                case TokenKind.Apostrophe:
                    if (apostrophes % 2 == 0)
                    {
                        _diagnostics.Error("Invalid character", "Single quotes are not valid. Use double quotes (\") to enclose strings.", tok.Range);
                    }

                    apostrophes = Math.Min(apostrophes + 1, 3);
                    break;
                case TokenKind.Semicolon when !toldSemicolon:
                    _diagnostics.Error("Invalid character",
                        "The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.",
                        tok.Range);
                    toldSemicolon = true;
                    break;
                case TokenKind.BadUtf8 when !toldBadEncoding:
                    _diagnostics.Error("Invalid character encoding",
                        "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.", tok.Range);
                    toldBadEncoding = true;
                    break;
                case TokenKind.QuotedNewline:
                    _diagnostics.Error("Invalid multi-line string",
                        "Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax.",
                        tok.Range);
                    break;
                case TokenKind.Invalid:
                    _diagnostics.Error("Invalid character",
                        tok.Text is "\u201c" or "\u201d"
                            ? "\"Curly quotes\" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a \"straight quote\"."
                            : "This character is not used within the language.",
                        tok.Range);
                    break;
            }
        }
    }
}
