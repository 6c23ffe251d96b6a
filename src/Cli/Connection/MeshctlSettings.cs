namespace Mesh.Cli.Connection;

/// <summary>
/// The connection settings of one scope of meshctl.hcl: the top level, or one <c>context "name" { }</c> block.
/// Paths (<c>token_file</c>, <c>ca_file</c>) are already absolute.
/// </summary>
internal sealed record MeshctlSettings(
    ConfigSetting? Address = null,
    ConfigSetting? Token = null,
    ConfigSetting? TokenFile = null,
    ConfigSetting? CaFile = null)
{
    /// <summary>These settings with <paramref name="over"/>'s laid on top; a credential in <paramref name="over"/> replaces both token forms.</summary>
    public MeshctlSettings Overlay(MeshctlSettings over)
    {
        var overridesCredential = over.Token is not null || over.TokenFile is not null;
        return new MeshctlSettings(
            over.Address ?? Address,
            overridesCredential ? over.Token : Token,
            overridesCredential ? over.TokenFile : TokenFile,
            over.CaFile ?? CaFile);
    }
}
