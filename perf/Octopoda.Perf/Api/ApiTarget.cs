using Octopoda.Perf.CommandLine;

namespace Octopoda.Perf.Api;

/// <summary>Which Brain a benchmark command talks to: <c>--brain URL --token T --ca FILE</c>.</summary>
internal sealed record ApiTarget(Uri Brain, string Token, string CaFile)
{
    public static readonly string[] FlagNames = ["brain", "token", "ca"];

    public const string Usage = "--brain https://127.0.0.1:7400 --token TOKEN --ca ca.crt";

    public static ApiTarget From(Flags flags)
    {
        if (!Uri.TryCreate(flags.Require("brain"), UriKind.Absolute, out var brain) || brain.Scheme != Uri.UriSchemeHttps)
        {
            throw new UsageException("--brain must be an https:// URL, e.g. https://127.0.0.1:7400");
        }

        var ca = flags.Require("ca");
        return File.Exists(ca) ? new ApiTarget(brain, flags.Require("token"), ca) : throw new UsageException($"--ca: {ca} does not exist");
    }
}
