using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests;

public sealed class DurationsTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Theory]
    [InlineData("90", 90)]
    [InlineData("0", 0)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7_200)]
    [InlineData("1d", 86_400)]
    [InlineData("1h30m", 5_400)]
    [InlineData("1d2h3m4s", 93_784)]
    [InlineData(" 5M ", 300)]
    public void TryParseSeconds_AcceptedForms_GiveSeconds(string text, int expected)
    {
        Assert.True(Durations.TryParseSeconds(text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("1.5h")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("m")]
    [InlineData("5m-")]
    [InlineData("-5")]
    [InlineData("3000000000")]
    [InlineData("99999999999d")]
    public void TryParseSeconds_Malformed_IsRefused(string text) => Assert.False(Durations.TryParseSeconds(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90, "1m30s")]
    [InlineData(5_400, "1h30m")]
    [InlineData(86_401, "1d1s")]
    public void Format_Seconds_ReadsBackAsADuration(int seconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(seconds));
        Assert.True(Durations.TryParseSeconds(expected, out var back));
        Assert.Equal(seconds, back);
    }

    [Theory]
    [InlineData("--ttl", "cmd", "run", "--ttl", "abc", "ls", "n1")]
    [InlineData("--timeout", "cmd", "run", "--timeout", "5x", "ls", "n1")]
    [InlineData("--timeout", "cmd", "run", "--timeout", "0", "ls", "n1")]
    [InlineData("--every", "cmd", "run", "--every", "soon", "--for", "1h", "ls", "n1")]
    [InlineData("--for", "cmd", "run", "--every", "5m", "--for", "1.5h", "ls", "n1")]
    [InlineData("--delay-execute", "cmd", "xrun", "-d", "10 s", "ls", "n1")]
    [InlineData("--timeout", "task", "wait", "abcd", "--timeout", "1w")]
    [InlineData("--timeout", "node", "tail", "/var/log/syslog", "n1", "--timeout", "forever")]
    [InlineData("--ttl", "node", "httpget", "http://example.com/", "n1", "--ttl", "30m1h")]
    public async Task RunAsync_BadDuration_ExitsUsageNamingTheFlagAndSendsNothing(string flag, params string[] args)
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 500, "{}"));

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal("", result.Out);
        Assert.Contains($"error: {flag} takes a duration such as {Durations.Forms}", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    public void Dispose() => _runner.Dispose();
}
