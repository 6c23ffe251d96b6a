using Mesh.Hcl;
using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Functions;
using Mesh.Hcl.Json;
using Mesh.Hcl.Structure;
using Mesh.Rules.Loading.Decoders;
using Mesh.Rules.Model;

namespace Mesh.Rules.Loading;

/// <summary>
/// Loads rule files (<c>.hcl</c>, or <c>.hcl.json</c> in HCL's JSON syntax) into resources: declares variables, applies
/// <c>-var-file</c> files and <c>-var</c> arguments, evaluates locals, and decodes every resource block. Never throws
/// for bad input: every problem is a diagnostic with file, line and column.
/// </summary>
public static class RuleBundleLoader
{
    private static readonly BodySchema TopLevel = new(
        [],
        [new BlockHeaderSchema("variable", ["name"]), new BlockHeaderSchema("locals"), .. ResourceDecoders.Headers]);

    /// <summary>Loads a bundle.</summary>
    /// <param name="files">Rule files: name (for messages, and <c>.hcl.json</c> selects the JSON syntax) and content.</param>
    /// <param name="variableFiles">Variable files (<c>-var-file</c>) of <c>name = value</c> attributes, applied in order.</param>
    /// <param name="cliVariables">Command-line values (<c>-var name=value</c>), applied last.</param>
    /// <returns>The resources and the diagnostics.</returns>
    public static RuleBundle Load(
        IReadOnlyList<(string Name, string Content)> files,
        IReadOnlyList<(string Name, string Content)> variableFiles,
        IReadOnlyDictionary<string, string> cliVariables)
    {
        var diagnostics = new DiagnosticBag();
        var blocks = new List<HclBlock>();
        foreach (var (name, content) in files)
        {
            var file = Parse(name, content);
            diagnostics.AddRange(file.Diagnostics);
            var local = new DiagnosticBag();
            blocks.AddRange(file.Body.Content(TopLevel, local).Blocks);
            diagnostics.AddRange(local.Select(BodyReader.Stamp));
        }

        var variables = new VariableSet(diagnostics);
        foreach (var block in blocks.Where(b => b.Type == "variable"))
        {
            variables.Declare(block);
        }

        foreach (var (name, content) in variableFiles)
        {
            variables.ApplyFile(Parse(name, content));
        }

        foreach (var (name, value) in cliVariables.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            variables.ApplyArgument(name, value);
        }

        var context = new EvalContext().WithFunctions(StandardFunctions.All).WithVariable("var", variables.Finish());
        var locals = new LocalValues(diagnostics);
        foreach (var block in blocks.Where(b => b.Type == "locals"))
        {
            locals.Add(block);
        }

        locals.Evaluate(context);
        var resources = new List<Resource>();
        foreach (var block in blocks)
        {
            if (ResourceDecoders.Decode(block, context, diagnostics) is { } resource)
            {
                resources.Add(resource);
            }
        }

        return new RuleBundle(new RuleSet(resources), diagnostics);
    }

    /// <summary>Loads a bundle from rule files alone.</summary>
    public static RuleBundle Load(params (string Name, string Content)[] files)
        => Load(files, [], new Dictionary<string, string>());

    /// <summary>Splits <c>-var</c> arguments of the form <c>name=value</c>; a malformed one is reported.</summary>
    public static IReadOnlyDictionary<string, string> ParseVarArguments(IEnumerable<string> arguments, DiagnosticBag diagnostics)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var eq = argument.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                diagnostics.Error("Invalid -var option",
                    $"The given -var option \"{argument}\" is not correctly specified. It must be a variable name and value separated by an equals sign, like -var=\"key=value\".",
                    new SourceRange("<command line>", SourcePos.Start, SourcePos.Start));
                continue;
            }

            result[argument[..eq].Trim()] = argument[(eq + 1)..];
        }

        return result;
    }

    private static HclFile Parse(string name, string content)
        => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? HclJsonParser.ParseFile(content, name)
            : HclParser.ParseFile(content, name);
}
