using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Support;

/// <summary>API documents for the fake Brain to send, serialized with the real contracts.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static BrainInfo Brain => new()
    {
        Name = "lab-brain",
        Version = "0.1.0",
        Address = "https://0.0.0.0:7400",
        StartedAt = Now.AddHours(-1),
        ProtocolVersion = 1,
    };

    public static TaskView Task(string node, TaskState state, int? exitCode = null, string stdout = "", string stderr = "", string? error = null) => new()
    {
        Id = $"t-{node}",
        BatchId = "b-1",
        Node = node,
        Kind = TaskKinds.Command,
        State = state,
        ExitCode = exitCode,
        Stdout = stdout,
        Stderr = stderr,
        Error = error,
        CreatedAt = Now,
        DurationMs = state == TaskState.Succeeded || state == TaskState.Failed ? 12 : null,
    };

    public static RunSubmission Submission(params string[] nodes) => new()
    {
        BatchId = "b-1",
        Tasks = nodes.Select(n => new TaskRef { Id = $"t-{n}", Node = n, State = TaskState.Queued }).ToArray(),
    };

    public static string Json(TaskView task) => JsonSerializer.Serialize(task, ProtocolJsonContext.Default.TaskView);

    public static string Json(RunSubmission submission) => JsonSerializer.Serialize(submission, ProtocolJsonContext.Default.RunSubmission);

    public static string Json(BrainInfo info) => JsonSerializer.Serialize(info, ProtocolJsonContext.Default.BrainInfo);

    public static string Json(NodeListResponse nodes) => JsonSerializer.Serialize(nodes, ProtocolJsonContext.Default.NodeListResponse);

    public static string Json(ApiProblem problem) => JsonSerializer.Serialize(problem, ProtocolJsonContext.Default.ApiProblem);

    public static string Json(IReadOnlyList<TaskView> tasks) => JsonSerializer.Serialize(tasks, ProtocolJsonContext.Default.IReadOnlyListTaskView);

    public static string Json(TaskStreamEvent item) => JsonSerializer.Serialize(item, ProtocolJsonContext.Default.TaskStreamEvent);

    public static string Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    /// <summary>A 32-hex-digit task id starting with <paramref name="prefix"/>.</summary>
    public static string Id(string prefix) => prefix + new string('0', 32 - prefix.Length);

    /// <summary>An output event of the task <c>t-{node}</c> (the id <see cref="Task"/> gives).</summary>
    public static TaskStreamEvent Chunk(string node, long offset, string data, string stream = "stdout") => new()
    {
        Type = TaskStreamEvent.OutputType,
        TaskId = $"t-{node}",
        Node = node,
        Stream = stream,
        Offset = offset,
        Data = data,
    };

    /// <summary>The final event of <paramref name="task"/>.</summary>
    public static TaskStreamEvent Final(TaskView task) => new()
    {
        Type = TaskStreamEvent.FinalType,
        TaskId = task.Id,
        Node = task.Node,
        Task = task,
    };
}
