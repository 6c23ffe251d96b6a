namespace Mesh.Controller.Storage;

/// <summary>A resource key an apply wrote, with the index of its write and whether the write created it.</summary>
internal sealed record StagedKey(string Key, ulong ModifyIndex, bool Created);
