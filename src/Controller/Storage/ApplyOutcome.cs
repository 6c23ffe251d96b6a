using Mesh.ControllerApi;

namespace Mesh.Controller.Storage;

/// <summary>What an apply or delete did (or, dry run, would do).</summary>
/// <param name="Generation">The generation after it (unchanged when nothing was committed).</param>
/// <param name="Changes">The change of every resource involved.</param>
/// <param name="Committed">True when a new manifest was written.</param>
public sealed record ApplyOutcome(long Generation, IReadOnlyList<ResourceChange> Changes, bool Committed);
