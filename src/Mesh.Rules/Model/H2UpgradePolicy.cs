namespace Mesh.Rules.Model;

/// <summary>Whether HTTP/1.1 connections are upgraded to HTTP/2.</summary>
public enum H2UpgradePolicy
{
    /// <summary><c>default</c>.</summary>
    Default,

    /// <summary><c>do_not_upgrade</c>.</summary>
    DoNotUpgrade,

    /// <summary><c>upgrade</c>.</summary>
    Upgrade,
}
