using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Cli.Workgroups;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Access;

/// <summary>
/// <c>octl audit [--since D|TIME] [--user ACCOUNT] [--limit N]</c>: who did what, to which nodes, when, and how it
/// ended; oldest first.
/// </summary>
internal sealed class AuditCommand : Command
{
    /// <summary>The most entries one call asks for.</summary>
    private const int MaxLimit = 10_000;

    private readonly Option<DateTimeOffset?> _since;

    private readonly Option<string?> _user = new("--user")
    {
        Description = "Only what this account did (a workgroup path; relative paths start at the current path)",
        HelpName = "account",
    };

    private readonly Option<int?> _limit = new("--limit", "-n")
    {
        Description = $"At most this many entries, the newest, 1 to {MaxLimit} (default: the Brain's)",
        HelpName = "count",
    };

    public AuditCommand(OctlContext context)
        : base("audit", "Show the audit log, oldest first: time, account, action, subject, nodes, status and outcome")
    {
        _since = new Option<DateTimeOffset?>("--since")
        {
            Description = $"Only entries since this long ago ({Durations.Forms}) or this time (ISO 8601, e.g. 2025-11-21T09:00Z; UTC unless it says)",
            HelpName = "duration|time",
            CustomParser = result => ParseSince(result, context.Environment.Time.GetUtcNow()),
        };
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } limit && limit is < 1 or > MaxLimit)
            {
                result.AddError($"--limit takes a count from 1 to {MaxLimit}; got {limit}");
            }
        });
        Options.Add(_since);
        Options.Add(_user);
        Options.Add(_limit);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var user = parse.GetValue(_user) is { } text ? (await WorkgroupPaths.ResolveAsync(session, text, cancellationToken)).Value : null;
        var audit = await session.Client.ListAuditAsync(parse.GetValue(_since), user, parse.GetValue(_limit), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, audit, ProtocolJsonContext.Default.AuditListResponse);
                break;
            case OutputFormat.Lines:
                foreach (var entry in audit.Entries)
                {
                    session.OutWriter.WriteLine(string.Join('\t',
                        HumanFormat.Timestamp(entry.At), entry.Actor, entry.Action, entry.Status.ToString(CultureInfo.InvariantCulture), entry.Outcome, entry.Subject ?? ""));
                }

                break;
            default:
                AuditListView.Render(session.OutConsole, audit);
                break;
        }

        return ExitCodes.Success;
    }

    /// <summary>A duration back from <paramref name="now"/>, or a point in time; a usage error naming the forms otherwise.</summary>
    private static DateTimeOffset? ParseSince(ArgumentResult result, DateTimeOffset now)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        if (Durations.TryParseSeconds(text, out var seconds))
        {
            return now.AddSeconds(-seconds);
        }

        if (text.Contains('-', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        result.AddError($"--since takes a duration such as {Durations.Forms}, or an ISO 8601 time such as 2025-11-21T09:00Z; got '{text}'");
        return null;
    }
}
