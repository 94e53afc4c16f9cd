using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Protocol;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Nodes;

/// <summary>
/// <c>octl node httpget &lt;url&gt; &lt;targets…&gt; [--max-bytes N] [--timeout d] [--ttl d]</c>: each node fetches the URL
/// itself (its own network view); the bodies are shown, and the exit code given, as for <c>cmd run</c>.
/// </summary>
internal sealed class NodeHttpGetCommand : Command
{
    private readonly Argument<string> _url = new("url") { Description = "An absolute http:// or https:// URL" };

    private readonly Argument<string[]> _targets = new("targets")
    {
        Description = "Node names, @groups or ALL",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<int?> _maxBytes = new("--max-bytes")
    {
        Description = $"Keep at most this many bytes of each body (1 to {ProtocolInfo.MaxCapturedOutputBytes}, the default)",
        HelpName = "bytes",
    };

    private readonly Option<int?> _timeout = Durations.Option(
        "--timeout", "", "Give up on the request after this long (default 10s, at most 5m)", minimumSeconds: 1);

    private readonly Option<int?> _ttl = Durations.Option(
        "--ttl", "", "How long a task may wait for an offline node before it expires (default 0: expire at once)", minimumSeconds: 0);

    public NodeHttpGetCommand(OctlContext context)
        : base("httpget", "HTTP GET a URL from each node and show each node's answer body")
    {
        _url.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                result.AddError($"'{text}' is not an absolute http:// or https:// URL");
            }
        });
        _maxBytes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } bytes && bytes is < 1 or > ProtocolInfo.MaxCapturedOutputBytes)
            {
                result.AddError($"--max-bytes takes a size from 1 to {ProtocolInfo.MaxCapturedOutputBytes} bytes; got {bytes}");
            }
        });
        Arguments.Add(_url);
        Arguments.Add(_targets);
        Options.Add(_maxBytes);
        Options.Add(_timeout);
        Options.Add(_ttl);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    /// <summary>The request this parse asks for.</summary>
    internal HttpGetRequest BuildRequest(ParseResult parse) => new()
    {
        Url = parse.GetRequiredValue(_url),
        Targets = parse.GetRequiredValue(_targets),
        MaxBytes = parse.GetValue(_maxBytes),
        TimeoutSeconds = parse.GetValue(_timeout),
        TtlSeconds = parse.GetValue(_ttl) ?? 0,
    };

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var submission = await session.Client.HttpGetAsync(BuildRequest(parse), cancellationToken);
        return await BatchRunner.RunAsync(session, submission, follow: false, aligned: false, cancellationToken);
    }
}
