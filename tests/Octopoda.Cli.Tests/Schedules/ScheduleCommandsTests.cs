using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Schedules;

/// <summary><c>octl schedule …</c> against a fake Brain.</summary>
public sealed class ScheduleCommandsTests : IDisposable
{
    private static readonly ScheduleView Active = new()
    {
        Id = "s-1",
        Description = "uptime",
        Targets = ["n1", "@web"],
        EverySeconds = 300,
        CreatedAt = Samples.Now.AddMinutes(-10),
        Until = Samples.Now.AddHours(2),
        NextRunAt = Samples.Now.AddSeconds(90),
        Runs = 3,
        LastBatchId = "b-3",
    };

    private static readonly ScheduleView Ended = new()
    {
        Id = "s-0",
        Description = "df -h",
        Targets = ["ALL"],
        EverySeconds = 3_600,
        CreatedAt = Samples.Now.AddDays(-1),
        Until = Samples.Now.AddMinutes(-5),
        Runs = 24,
        Ended = true,
    };

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    [Fact]
    public async Task List_Table_ShowsEachScheduleAndTheCounts()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Json([Active, Ended])));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "schedule", "list");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Matches(@"^ID\s+STATE\s+EVERY\s+RUNS\s+NEXT RUN\s+ENDS\s+LAST BATCH\s+TARGETS\s+DESCRIPTION\s*$", lines[0]);
        Assert.Matches(@"^s-1\s+active\s+5m\s+3\s+in 1m30s\s+in 2h00m\s+b-3\s+n1,@web\s+uptime\s*$", lines[1]);
        Assert.Matches(@"^s-0\s+ended\s+1h\s+24\s+-\s+5m00s ago\s+-\s+ALL\s+df -h\s*$", lines[2]);
        Assert.Equal("2 schedules: 1 active, 1 ended", lines[3]);
        Assert.Equal(("GET", "/api/v1/schedules"), (brain.Requests.Single().Method, brain.Requests.Single().RawUrl));
    }

    [Fact]
    public async Task List_JsonAndEmpty_PrintTheDocumentOrSayHowToMakeOne()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Json([])));

        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "schedule", "list");
        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "schedule", "list");

        Assert.Empty(JsonSerializer.Deserialize(json.Out, ProtocolJsonContext.Default.IReadOnlyListScheduleView)!);
        Assert.Equal("no schedules; 'octl cmd run --every 5m --for 2h …' makes one\n", table.Out);
    }

    [Fact]
    public async Task Stop_Table_DeletesAndSaysHowManyRunsThereWere()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, Samples.Json(Active with { Ended = true, NextRunAt = null }, ProtocolJsonContext.Default.ScheduleView)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "schedule", "stop", "s-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("stopped schedule s-1 after 3 runs (last batch b-3; 'octl task cancel' stops its tasks if they still run)\n", result.Out);
        Assert.Equal(("DELETE", "/api/v1/schedules/s-1"), (brain.Requests.Single().Method, brain.Requests.Single().RawUrl));
    }

    [Fact]
    public async Task Stop_Unknown_ExitsApiError()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 404, Samples.Json(new ApiProblem { Status = 404, Detail = "No schedule has the id 's-9'." }), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "schedule", "stop", "s-9");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Equal("error: No schedule has the id 's-9'.\n", result.Error);
    }

    public void Dispose() => _runner.Dispose();

    private static string Json(IReadOnlyList<ScheduleView> schedules) => Samples.Json(schedules, ProtocolJsonContext.Default.IReadOnlyListScheduleView);
}
