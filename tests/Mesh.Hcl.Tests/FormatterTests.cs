using Mesh.Hcl.Formatting;

namespace Mesh.Hcl.Tests;

public sealed class FormatterTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // Spacing around "=" and binary operators; unary minus and bang stay attached.
        { "a=1+2*3\nb   =   -x\nc=!d\n", "a = 1 + 2 * 3\nb = -x\nc = !d\n" },

        // Commas, calls, indexes and attribute access.
        { "x = f( a ,b,c... )\ny = list[ 0 ].name\nz = [ 1,2 ]\n", "x = f(a, b, c...)\ny = list[0].name\nz = [1, 2]\n" },

        // Alignment of a run of single-line attributes.
        { "a = 1\nlong_name = 2\nbb = 3\n", "a         = 1\nlong_name = 2\nbb        = 3\n" },

        // A blank line ends an alignment run.
        { "a = 1\nlong_name = 2\n\nbb = 3\nc = 4\n", "a         = 1\nlong_name = 2\n\nbb = 3\nc  = 4\n" },

        // Nested blocks indent by two spaces per level.
        {
            "service \"web\" {\nport = 80\nhealth {\n    path = \"/h\"\ninterval = \"10s\"\n}\n}\n",
            "service \"web\" {\n  port = 80\n  health {\n    path     = \"/h\"\n    interval = \"10s\"\n  }\n}\n"
        },

        // One-line blocks and objects get spaces inside their braces; empty ones do not.
        { "a={b=1}\nempty {}\nblk { x=1 }\n", "a = { b = 1 }\nempty {}\nblk { x = 1 }\n" },

        // Object constructor items on their own lines are indented and aligned.
        { "tags = {\nenv = \"prod\"\nteam_name = \"core\"\n}\n", "tags = {\n  env       = \"prod\"\n  team_name = \"core\"\n}\n" },

        // Trailing whitespace goes, CRLF becomes LF, and the file ends with exactly one newline.
        { "a = 1   \r\nb = 2\r\n\r\n\r\n", "a = 1\nb = 2\n" },
        { "a = 1", "a = 1\n" },

        // Comments are kept; a trailing comment gets one space before it, and a run of them is aligned.
        { "# header\na = 1   # one\nbbb = 2 // two\n", "# header\na   = 1 # one\nbbb = 2 // two\n" },
        { "x {\n# inside\ny = 1 /* note */\n}\n", "x {\n  # inside\n  y = 1 /* note */\n}\n" },

        // String contents and interpolations are not respaced.
        { "a = \"  x  ${ b }  \"\n", "a = \"  x  ${b}  \"\n" },

        // For expressions and conditionals.
        { "a = [for x in xs: x*2 if x>0]\nb = c ? 1 : 2\n", "a = [for x in xs : x * 2 if x > 0]\nb = c ? 1 : 2\n" },

        // Multi-line lists and calls indent their contents.
        { "a = [\n1,\n2,\n]\nb = f(\nx,\n)\n", "a = [\n  1,\n  2,\n]\nb = f(\n  x,\n)\n" },

        // Namespaced function calls and splats.
        // A tuple after the "in" keyword keeps its space; template directives lose inner padding as in hclwrite.
        { "a = [for x in [1,2]: x]\nb = \"%{ if c }y%{ endif }\"\n", "a = [for x in [1, 2] : x]\nb = \"%{if c}y%{endif}\"\n" },

        // Blocks nested in objects in lists, closing brackets sharing a line.
        { "a = [{\nb = 1\n}, {\nc = 2\n}]\n", "a = [{\n  b = 1\n  }, {\n  c = 2\n}]\n" },

        { "a = provider :: x :: f(1)\nb = c[*].d\ne = g.*.h\n", "a = provider::x::f(1)\nb = c[*].d\ne = g.*.h\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_Input_ProducesCanonicalLayout(string input, string expected)
        => Assert.Equal(expected, HclFormatter.Format(input));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_FormattedOutput_IsUnchanged(string input, string expected)
    {
        _ = expected;
        var once = HclFormatter.Format(input);
        Assert.Equal(once, HclFormatter.Format(once));
    }

    [Fact]
    public void Format_Heredoc_BodyKeptExactly()
    {
        // As in hclwrite, a heredoc attribute counts as one line, so "after" aligns with "script".
        const string Input = "block {\nscript = <<-EOT\n      echo  ${ x }   \n  \tdone\n    EOT\nafter=1\n}\n";
        const string Expected = "block {\n  script = <<-EOT\n      echo  ${x}   \n  \tdone\n    EOT\n  after  = 1\n}\n";
        Assert.Equal(Expected, HclFormatter.Format(Input));
    }

    [Fact]
    public void Format_CrlfHeredoc_BodyLinesNormalisedToLf()
        => Assert.Equal("a = <<EOT\n  x \nEOT\nb = 1\n", HclFormatter.Format("a = <<EOT\r\n  x \r\nEOT\r\nb = 1\r\n"));

    [Fact]
    public void Format_RealisticFile_ProducesExpectedLayout()
    {
        const string Input = """
            # Mesh service definition
            service "web" {
                port=8080 # http
              tags = ["a","b"]
              meta={version="1.2"}

              check "http" {
              path="/health"
                 interval_seconds = 10
                 timeout = var.timeout*2
              }
              upstream {
                name = "db"
                local_bind_port = 9191
              }
            }
            """;
        const string Expected = """
            # Mesh service definition
            service "web" {
              port = 8080 # http
              tags = ["a", "b"]
              meta = { version = "1.2" }

              check "http" {
                path             = "/health"
                interval_seconds = 10
                timeout          = var.timeout * 2
              }
              upstream {
                name            = "db"
                local_bind_port = 9191
              }
            }

            """;
        Assert.Equal(Expected, HclFormatter.Format(Input));
        Assert.Equal(Expected, HclFormatter.Format(Expected));
    }

    [Fact]
    public void Format_SyntaxError_ReturnsSourceUnchanged()
    {
        const string Input = "a = {\n  b =   \n";
        Assert.Same(Input, HclFormatter.Format(Input));
    }

    [Fact]
    public void Format_EmptyInput_StaysEmpty()
        => Assert.Equal("", HclFormatter.Format("\n\n"));

    [Fact]
    public void Format_CommentsEverywhere_AllKept()
    {
        const string Input = "// top\nsvc \"a\" { # open\n  /* block\n     comment */\n  port=1 # p\n}\n# end\n";
        var output = HclFormatter.Format(Input);
        foreach (var comment in new[] { "// top", "# open", "/* block\n     comment */", "# p", "# end" })
        {
            Assert.Contains(comment, output, StringComparison.Ordinal);
        }
    }
}
