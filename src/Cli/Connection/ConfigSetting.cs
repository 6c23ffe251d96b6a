namespace Mesh.Cli.Connection;

/// <summary>One value read from meshctl.hcl, with where it was written (<c>file:line</c>) for error messages.</summary>
internal sealed record ConfigSetting(string Value, string Where);
