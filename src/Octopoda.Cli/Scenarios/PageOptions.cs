using System.CommandLine;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// <c>--offset N</c> and <c>-l|--limit N</c> of the version lists (newest first; defaults 0 and 5, as the original).
/// The original's <c>-o</c> for the offset is octl's output format here, so the offset is <c>--offset</c> only.
/// </summary>
internal sealed class PageOptions
{
    /// <summary>The most versions one page asks for.</summary>
    private const int MaxLimit = 1000;

    public Option<int> Offset { get; } = new("--offset")
    {
        Description = "Skip this many of the newest versions",
        HelpName = "count",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Limit { get; } = new("--limit", "-l")
    {
        Description = $"Show at most this many versions, 1 to {MaxLimit}",
        HelpName = "count",
        DefaultValueFactory = _ => 5,
    };

    public void AddTo(Command command)
    {
        Offset.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--offset takes a count of 0 or more; got {result.GetValueOrDefault<int>()}");
            }
        });
        Limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxLimit)
            {
                result.AddError($"--limit takes a count from 1 to {MaxLimit}; got {result.GetValueOrDefault<int>()}");
            }
        });
        command.Options.Add(Offset);
        command.Options.Add(Limit);
    }

    /// <summary><c>versions 1–5 of 12, newest first</c>.</summary>
    public static string Describe(int offset, int shown, int total) =>
        shown == 0 ? $"no versions here ({total} in all)" : $"versions {offset + 1}–{offset + shown} of {total}, newest first";
}
