using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// <c>GET /api/v1/tasks/{id}/stream</c> and <c>/api/v1/batches/{id}/stream</c>: NDJSON <see cref="TaskStreamEvent"/>s,
/// each task's output as it arrives and then its final state, ending when every task is final. Every character
/// is sent exactly once and in order: the stream keeps, per task and stream, how much it has sent, and fills any
/// gap (output dropped for a slow reader, or not kept in memory) from <see cref="LiveOutput"/> or, at the end,
/// from the stored result.
/// </summary>
internal static class TaskStreamEndpoints
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/tasks/{id}/stream", StreamTaskAsync);
        api.MapGet("/batches/{id}/stream", StreamBatchAsync);
    }

    private static async Task StreamTaskAsync(string id, HttpContext context, CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, TaskEvents events, LiveOutput output)
    {
        var cancellationToken = context.RequestAborted;
        TaskRecord? task;
        IResult? problem;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            (task, problem) = await TaskLookup.FindAsync(db, id, scope, tracking: false, cancellationToken);
        }

        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        using var subscription = events.Subscribe(task!.BatchId);
        var tasks = (await TaskEndpoints.LoadBatchAsync(task.BatchId, scope, dbFactory, cancellationToken)).Tasks.Where(t => t.Id == task.Id).ToList();
        await StreamAsync(context, tasks, subscription, output, cancellationToken);
    }

    private static async Task StreamBatchAsync(string id, HttpContext context, CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, TaskEvents events, LiveOutput output)
    {
        var cancellationToken = context.RequestAborted;
        using var subscription = events.Subscribe(id);
        var (tasks, problem) = await TaskEndpoints.LoadBatchAsync(id, scope, dbFactory, cancellationToken);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        await StreamAsync(context, tasks, subscription, output, cancellationToken);
    }

    private static async Task StreamAsync(HttpContext context, List<TaskView> tasks, TaskEvents.Subscription subscription, LiveOutput output, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/x-ndjson";
        var progress = tasks.ToDictionary(t => t.Id, t => new Progress(t.Node), StringComparer.Ordinal);
        var pending = progress.Count;
        foreach (var task in tasks)
        {
            if (task.State.IsFinal())
            {
                await FinishAsync(context, task, progress[task.Id], cancellationToken);
                pending--;
            }
            else
            {
                await CatchUpAsync(context, task.Id, progress[task.Id], output, cancellationToken);
            }
        }

        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            while (pending > 0)
            {
                var next = await subscription.ReadAsync(cancellationToken);
                if (!progress.TryGetValue(next.TaskId, out var state) || state.Done)
                {
                    continue;
                }

                switch (next)
                {
                    case TaskEvent.Output chunk:
                        var sent = state.Sent(chunk.Stream);
                        if (chunk.Offset > sent)
                        {
                            // Some output was dropped for this reader: take it from the buffer instead.
                            await CatchUpAsync(context, chunk.TaskId, state, output, cancellationToken);
                        }
                        else if (chunk.Offset + chunk.Data.Length > sent)
                        {
                            await WriteOutputAsync(context, chunk.TaskId, state, chunk.Stream, chunk.Data[(int)(sent - chunk.Offset)..], cancellationToken);
                        }

                        break;
                    case TaskEvent.Final final:
                        await FinishAsync(context, final.Task, state, cancellationToken);
                        pending--;
                        break;
                }

                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>Sends what the in-memory buffer holds beyond what this stream has sent.</summary>
    private static async Task CatchUpAsync(HttpContext context, string taskId, Progress state, LiveOutput output, CancellationToken cancellationToken)
    {
        if (output.Snapshot(taskId) is { } snapshot)
        {
            await WriteBeyondAsync(context, taskId, state, "stdout", snapshot.Stdout, cancellationToken);
            await WriteBeyondAsync(context, taskId, state, "stderr", snapshot.Stderr, cancellationToken);
        }
    }

    /// <summary>The rest of the output from the stored result, then the final event.</summary>
    private static async Task FinishAsync(HttpContext context, TaskView task, Progress state, CancellationToken cancellationToken)
    {
        await WriteBeyondAsync(context, task.Id, state, "stdout", task.Stdout, cancellationToken);
        await WriteBeyondAsync(context, task.Id, state, "stderr", task.Stderr, cancellationToken);
        state.Done = true;
        await WriteAsync(context, new TaskStreamEvent { Type = TaskStreamEvent.FinalType, TaskId = task.Id, Node = task.Node, Task = task }, cancellationToken);
    }

    private static async Task WriteBeyondAsync(HttpContext context, string taskId, Progress state, string stream, string text, CancellationToken cancellationToken)
    {
        var sent = state.Sent(stream);
        if (text.Length > sent)
        {
            await WriteOutputAsync(context, taskId, state, stream, text[(int)sent..], cancellationToken);
        }
    }

    private static async Task WriteOutputAsync(HttpContext context, string taskId, Progress state, string stream, string data, CancellationToken cancellationToken)
    {
        var offset = state.Sent(stream);
        state.Advance(stream, data.Length);
        await WriteAsync(context, new TaskStreamEvent
        {
            Type = TaskStreamEvent.OutputType,
            TaskId = taskId,
            Node = state.Node,
            Stream = stream,
            Offset = offset,
            Data = data,
        }, cancellationToken);
    }

    private static async Task WriteAsync(HttpContext context, TaskStreamEvent item, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(context.Response.Body, item, ProtocolJsonContext.Default.TaskStreamEvent, cancellationToken);
        await context.Response.Body.WriteAsync(NewLine, cancellationToken);
    }

    /// <summary>How much of each stream of one task this response has sent.</summary>
    private sealed class Progress(string node)
    {
        private long _stdout;
        private long _stderr;

        public string Node { get; } = node;

        public bool Done { get; set; }

        public long Sent(string stream) => stream == "stdout" ? _stdout : _stderr;

        public void Advance(string stream, int count)
        {
            if (stream == "stdout")
            {
                _stdout += count;
            }
            else
            {
                _stderr += count;
            }
        }
    }
}
