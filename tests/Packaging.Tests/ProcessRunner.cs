using System.Diagnostics;
using System.Text;

namespace Mesh.Packaging.Tests;

/// <summary>Runs a command to completion and captures what it printed.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string Describe(string command) => $"`{command}` exited with {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would confuse a nested `dotnet publish`.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name is "DOTNET_HOST_PATH" or "MSBuildExtensionsPath" or "MSBuildSDKsPath")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.\n{output}\n{error}");
        }

        return new Result(process.ExitCode, output.ToString(), error.ToString());
    }

    public static async Task<string> CheckedAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, result.Describe(fileName + " " + string.Join(' ', arguments)));
        return result.Output;
    }
}
