namespace Mesh.Cli;

/// <summary>meshctl's exit codes: scripts and CI pipelines branch on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The input has errors (validation findings, a failed check).</summary>
    public const int InvalidInput = 1;
    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;
    /// <summary>The controller or Consul could not be reached.</summary>
    public const int Unreachable = 3;
    /// <summary>The request conflicted with a concurrent change.</summary>
    public const int Conflict = 4;

    /// <summary>The controller refused the token.</summary>
    public const int Unauthorized = 5;

    /// <summary>The named resource does not exist.</summary>
    public const int NotFound = 6;

    /// <summary>The controller answered with an unexpected error (a 5xx other than "Consul is unavailable").</summary>
    public const int ControllerError = 7;

    /// <summary>`meshctl diff`: the bundle would change the stored state.</summary>
    public const int DiffFound = 1;
}
