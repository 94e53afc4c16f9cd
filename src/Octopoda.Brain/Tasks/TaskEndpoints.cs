using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Api;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary><c>/api/v1/tasks/{id}</c>, <c>/api/v1/batches/{id}</c> and the streaming <c>/api/v1/batches/{id}/wait</c>.</summary>
internal static class TaskEndpoints
{
    private const int MaxWaitSeconds = 24 * 3600;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/tasks/{id}", GetTaskAsync);
        api.MapGet("/batches/{id}", GetBatchAsync);
        api.MapGet("/batches/{id}/wait", WaitBatchAsync);
    }

    private static async Task<IResult> GetTaskAsync(string id, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return task is null
            ? Problems.NotFound($"No task has the id '{Printable(id)}'.")
            : TypedResults.Json(task.ToView(), ProtocolJsonContext.Default.TaskView);
    }

    private static async Task<IResult> GetBatchAsync(string id, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var tasks = await LoadBatchAsync(id, dbFactory, cancellationToken);
        return tasks.Count == 0
            ? Problems.NotFound($"No batch has the id '{Printable(id)}'.")
            : TypedResults.Json<IReadOnlyList<TaskView>>(tasks, ProtocolJsonContext.Default.IReadOnlyListTaskView);
    }

    /// <summary>
    /// Streams the batch's tasks as NDJSON, each when it reaches a final state (final ones first), and ends when
    /// all are final or the timeout passes. Subscribes before reading the store, so no completion is missed.
    /// </summary>
    private static async Task WaitBatchAsync(
        string id,
        int? timeoutSeconds,
        HttpContext context,
        IDbContextFactory<BrainDbContext> dbFactory,
        TaskEvents events,
        CancellationToken cancellationToken)
    {
        if (timeoutSeconds is <= 0 or > MaxWaitSeconds)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request", $"timeoutSeconds must be between 1 and {MaxWaitSeconds}.");
            return;
        }

        using var subscription = events.Subscribe(id);
        var tasks = await LoadBatchAsync(id, dbFactory, cancellationToken);
        if (tasks.Count == 0)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"No batch has the id '{Printable(id)}'.");
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        var pending = tasks.Where(t => !t.State.IsFinal()).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var task in tasks.Where(t => t.State.IsFinal()))
        {
            await WriteLineAsync(context, task, cancellationToken);
        }

        await context.Response.Body.FlushAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds ?? MaxWaitSeconds));
        try
        {
            while (pending.Count > 0)
            {
                var task = await subscription.Reader.ReadAsync(deadline.Token);
                if (pending.Remove(task.Id))
                {
                    await WriteLineAsync(context, task, cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait's timeout passed: end the stream; the client sees which tasks are missing.
        }
    }

    private static async Task WriteLineAsync(HttpContext context, TaskView task, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(context.Response.Body, task, ProtocolJsonContext.Default.TaskView, cancellationToken);
        await context.Response.Body.WriteAsync(NewLine, cancellationToken);
    }

    private static async Task<List<TaskView>> LoadBatchAsync(string id, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Tasks.AsNoTracking().Where(t => t.BatchId == id).OrderBy(t => t.NodeName).ToListAsync(cancellationToken);
        return [.. records.Select(r => r.ToView())];
    }

    private static string Printable(string id) => id.Length > 64 ? id[..64] + "…" : id;
}
