using System.Diagnostics;
using System.Text;

namespace Mesh.Packaging.Tests;

/// <summary>A long-running published binary (catalog, controller, agent, sample service) whose output is kept for failure messages.</summary>
internal sealed class PublishedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private PublishedProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static PublishedProcess Start(string name, string executable, params string[] arguments) =>
        Start(name, executable, new Dictionary<string, string>(), arguments);

    /// <summary>Starts <paramref name="executable"/> with <paramref name="environment"/> added to this process' environment.</summary>
    public static PublishedProcess Start(string name, string executable, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        var process = new Process { StartInfo = start };
        var published = new PublishedProcess(name, process);
        process.OutputDataReceived += (_, e) => published.Append(e.Data);
        process.ErrorDataReceived += (_, e) => published.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return published;
    }

    /// <summary>The last lines it printed, for failure messages.</summary>
    public string Tail(int lines = 30)
    {
        lock (_gate)
        {
            var all = _output.ToString().Split('\n');
            return $"--- {Name}{(_process.HasExited ? $" (exited {_process.ExitCode})" : "")} ---\n" + string.Join('\n', all.TakeLast(lines));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
