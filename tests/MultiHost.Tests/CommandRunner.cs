using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MultiHost.Tests;

/// <summary>Runs short commands (ip, curl) to completion and returns their output.</summary>
internal static class CommandRunner
{
    /// <summary>Runs a command; returns exit code and the combined stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {command[0]}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var partial = new StringBuilder().Append(await stdout).Append(await stderr);
            return (-1, string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds}s: {partial}"));
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Runs a command that must succeed.</summary>
    public static async Task<string> RunCheckedAsync(params string[] command)
    {
        var (code, output) = await RunAsync(command, TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` failed with exit code {code}: {output}");
        }

        return output;
    }
}
