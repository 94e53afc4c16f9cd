using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>
/// Stands in for the Brain's end of the link: keeps every report the executor sends, in order, after a round trip
/// through its wire JSON (so what a test sees is what the Brain would decode).
/// </summary>
internal sealed class ReportRecorder : ITaskReports
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<(MessageKind Kind, object Message)> _messages = [];

    public Task SendAsync<T>(MessageKind kind, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var decoded = JsonSerializer.Deserialize(JsonSerializer.Serialize(message, typeInfo), typeInfo)!;
        lock (_gate)
        {
            _messages.Add((kind, decoded));
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<(MessageKind Kind, object Message)> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<T> All<T>() => [.. Messages.Select(m => m.Message).OfType<T>()];

    public IReadOnlyList<TaskResult> Results(string taskId) => [.. All<TaskResult>().Where(r => r.TaskId == taskId)];

    public IReadOnlyList<TaskOutput> Output(string taskId) => [.. All<TaskOutput>().Where(o => o.TaskId == taskId)];

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, string what, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => All<T>().Any(match), timeout ?? DefaultTimeout, what);
        return All<T>().First(match);
    }

    public Task<TaskResult> ResultAsync(string taskId, TimeSpan? timeout = null) =>
        WaitForAsync<TaskResult>(r => r.TaskId == taskId, $"the result of task {taskId}", timeout);

    public Task<TaskStarted> StartedAsync(string taskId, TimeSpan? timeout = null) =>
        WaitForAsync<TaskStarted>(s => s.TaskId == taskId, $"task {taskId} to start", timeout);

    public Task<TaskAccepted> AcceptedAsync(string taskId, TimeSpan? timeout = null) =>
        WaitForAsync<TaskAccepted>(a => a.TaskId == taskId, $"task {taskId} to be accepted", timeout);

    /// <summary>A stream's text as a receiver dropping already-seen offsets would rebuild it.</summary>
    public string Reassemble(string taskId, string stream)
    {
        var text = new System.Text.StringBuilder();
        foreach (var chunk in Output(taskId).Where(o => o.Stream == stream))
        {
            Assert.True(chunk.Offset <= text.Length, $"chunk at {chunk.Offset} leaves a gap after {text.Length} chars");
            var overlap = text.Length - (int)chunk.Offset;
            Assert.Equal(text.ToString((int)chunk.Offset, Math.Min(overlap, chunk.Data.Length)), chunk.Data[..Math.Min(overlap, chunk.Data.Length)]);
            if (overlap < chunk.Data.Length)
            {
                text.Append(chunk.Data, overlap, chunk.Data.Length - overlap);
            }
        }

        return text.ToString();
    }
}
