namespace Mesh.Agent.Configuration;

/// <summary>The <c>controller</c> block: where the built-in CA is reached.</summary>
public sealed class ControllerSettings
{
    /// <summary>The controller API address.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:15010");

    /// <summary>The controller token; never logged.</summary>
    public string? Token { get; set; }
}
