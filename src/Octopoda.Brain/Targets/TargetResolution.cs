using Octopoda.Brain.Api;

namespace Octopoda.Brain.Targets;

/// <summary>
/// The nodes a target list named, every entry that named nothing valid (400), and every entry outside the caller's
/// scope (403), each with why.
/// </summary>
internal sealed record TargetResolution(IReadOnlyList<string> Nodes, IReadOnlyList<string> Invalid, IReadOnlyList<string> Forbidden)
{
    public bool IsValid => Invalid.Count == 0 && Forbidden.Count == 0;

    /// <summary>The problem answer: 403 when any entry is outside the scope, else 400; both list every bad entry.</summary>
    public IResult ToProblem()
    {
        var bad = Forbidden.Concat(Invalid).ToList();
        var detail = Forbidden.Count > 0
            ? $"{Forbidden.Count} target(s) outside your scope: {string.Join("; ", Forbidden)}. Nothing was done."
            : $"{Invalid.Count} invalid target(s): {string.Join("; ", Invalid)}. Nothing was run.";
        var errors = new Dictionary<string, string[]> { ["targets"] = [.. bad] };
        return Forbidden.Count > 0
            ? Problems.Result(StatusCodes.Status403Forbidden, "Forbidden", detail, errors)
            : Problems.BadRequest(detail, errors);
    }
}
