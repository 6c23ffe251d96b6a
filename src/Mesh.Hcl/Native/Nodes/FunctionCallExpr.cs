using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary><c>name(args...)</c>; a final argument followed by <c>...</c> is expanded into separate arguments.</summary>
internal sealed class FunctionCallExpr(string name, SourceRange nameRange, IReadOnlyList<Expr> args, bool expandFinal, SourceRange range)
    : Expr(range)
{
    public string Name => name;

    public IReadOnlyList<Expr> Arguments => args;

    public override HclValue Evaluate(EvalContext context, DiagnosticBag diagnostics)
    {
        if (!context.TryGetFunction(name, out var function))
        {
            var suggestion = DidYouMean.Suggest(name, context.FunctionNames());
            diagnostics.Error("Call to unknown function",
                $"There is no function named \"{name}\".{(suggestion is null ? "" : $" Did you mean \"{suggestion}\"?")}", nameRange, Range);
            return HclValue.Null;
        }

        var before = diagnostics.Count;
        var values = new List<HclValue>(args.Count);
        var ranges = new List<SourceRange>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var v = args[i].Evaluate(context, diagnostics);
            if (expandFinal && i == args.Count - 1)
            {
                if (!v.IsSequence)
                {
                    diagnostics.Error("Invalid expanding argument value",
                        "The expanding argument (indicated by ...) must be of a tuple, list, or set type.", args[i].Range, Range);
                    return HclValue.Null;
                }

                foreach (var e in v.Elements)
                {
                    values.Add(e);
                    ranges.Add(args[i].Range);
                }
            }
            else
            {
                values.Add(v);
                ranges.Add(args[i].Range);
            }
        }

        if (diagnostics.Count != before)
        {
            return HclValue.Null;
        }

        var fixedCount = function.Parameters.Count;
        if (values.Count < fixedCount)
        {
            diagnostics.Error("Not enough function arguments",
                $"Function \"{name}\" expects {fixedCount} argument(s). Missing value for \"{function.Parameters[values.Count]}\".", Range);
            return HclValue.Null;
        }

        if (values.Count > fixedCount && function.Variadic is null)
        {
            diagnostics.Error("Too many function arguments", $"Function \"{name}\" expects only {fixedCount} argument(s).", ranges[fixedCount], Range);
            return HclValue.Null;
        }

        if (!function.AllowNull)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].IsNull)
                {
                    diagnostics.Error("Invalid function argument",
                        $"Invalid value for \"{ParameterName(function, i)}\" parameter: argument must not be null.", ranges[i], Range);
                    return HclValue.Null;
                }
            }
        }

        try
        {
            return function.Implementation(values);
        }
        catch (FunctionException e) when (e.ArgumentIndex >= 0 && e.ArgumentIndex < values.Count)
        {
            diagnostics.Error("Invalid function argument",
                $"Invalid value for \"{ParameterName(function, e.ArgumentIndex)}\" parameter: {e.Message}", ranges[e.ArgumentIndex], Range);
        }
        catch (FunctionException e)
        {
            diagnostics.Error("Error in function call", $"Call to function \"{name}\" failed: {e.Message}", Range);
        }

        return HclValue.Null;
    }

    private static string ParameterName(HclFunction function, int index)
        => index < function.Parameters.Count ? function.Parameters[index] : function.Variadic ?? "argument";

    internal override void CollectVariables(List<Traversal> found, HashSet<string> bound)
    {
        foreach (var a in args)
        {
            a.CollectVariables(found, bound);
        }
    }
}
