using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// <c>/api/v1/tasks</c> (list, get, wait, cancel) and <c>/api/v1/batches/{id}</c> (get, the streaming
/// <c>wait</c>, cancel). Task ids may be given as unique prefixes (<see cref="TaskLookup"/>).
/// </summary>
internal static class TaskEndpoints
{
    public const int MaxWaitSeconds = 24 * 3600;
    private const int DefaultListLimit = 50;
    private const int MaxListLimit = 1000;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/tasks", ListAsync);
        api.MapGet("/tasks/{id}", GetTaskAsync);
        api.MapGet("/tasks/{id}/wait", WaitTaskAsync);
        api.MapPost("/tasks/{id}/cancel", CancelTaskAsync).WithName("task.cancel");
        api.MapGet("/batches/{id}", GetBatchAsync);
        api.MapGet("/batches/{id}/wait", WaitBatchAsync);
        api.MapPost("/batches/{id}/cancel", CancelBatchAsync).WithName("batch.cancel");
    }

    private static async Task<IResult> ListAsync(
        string? node,
        string? state,
        string? batch,
        int? limit,
        CallerScope scope,
        IDbContextFactory<BrainDbContext> dbFactory,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return Problems.BadRequest($"limit must be between 1 and {MaxListLimit}.");
        }

        TaskState? wanted = null;
        if (state is not null)
        {
            if (!TryParseState(state, out var parsed))
            {
                return Problems.BadRequest($"Unknown state '{Bound(state)}'; use one of {string.Join(", ", Enum.GetValues<TaskState>().Select(s => s.ToWireName()))}.");
            }

            wanted = parsed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Tasks.AsNoTracking();
        if (scope.AccountNodes is { } allowed)
        {
            query = query.Where(t => allowed.Contains(t.NodeName));
        }

        if (node is not null)
        {
            if (!scope.Covers(node))
            {
                return Problems.Forbidden(scope.OutsideMessage(node) + ".");
            }

            query = query.Where(t => t.NodeName == node);
        }

        if (wanted is { } s)
        {
            query = query.Where(t => t.State == s);
        }

        if (batch is not null)
        {
            query = query.Where(t => t.BatchId == batch);
        }

        var take = limit ?? DefaultListLimit;

        // Output is left out of lists: it can be megabytes per task.
        var rows = await query.OrderByDescending(t => t.Sequence).Take(take + 1).Select(t => new TaskRecord
        {
            Id = t.Id,
            BatchId = t.BatchId,
            NodeName = t.NodeName,
            Kind = t.Kind,
            Payload = "",
            Description = t.Description,
            SubmittedBy = t.SubmittedBy,
            ScheduleId = t.ScheduleId,
            State = t.State,
            ExitCode = t.ExitCode,
            OutputTruncated = t.OutputTruncated,
            Error = t.Error,
            CreatedAt = t.CreatedAt,
            DispatchedAt = t.DispatchedAt,
            AcceptedAt = t.AcceptedAt,
            StartedAt = t.StartedAt,
            FinishedAt = t.FinishedAt,
        }).ToListAsync(cancellationToken);
        return TypedResults.Json(
            new TaskListResponse { Tasks = [.. rows.Take(take).Select(r => r.ToView())], More = rows.Count > take },
            ProtocolJsonContext.Default.TaskListResponse);
    }

    private static async Task<IResult> GetTaskAsync(string id, CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (task, problem) = await TaskLookup.FindAsync(db, id, scope, tracking: false, cancellationToken);
        return problem ?? TypedResults.Json(task!.ToView(), ProtocolJsonContext.Default.TaskView);
    }

    /// <summary>The task once final, or as it is when <paramref name="timeoutSeconds"/> pass.</summary>
    private static async Task<IResult> WaitTaskAsync(
        string id,
        int? timeoutSeconds,
        CallerScope scope,
        IDbContextFactory<BrainDbContext> dbFactory,
        TaskWaiter waiter,
        CancellationToken cancellationToken)
    {
        if (timeoutSeconds is <= 0 or > MaxWaitSeconds)
        {
            return Problems.BadRequest($"timeoutSeconds must be between 1 and {MaxWaitSeconds}.");
        }

        TaskRecord? task;
        IResult? problem;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            (task, problem) = await TaskLookup.FindAsync(db, id, scope, tracking: false, cancellationToken);
        }

        if (problem is not null)
        {
            return problem;
        }

        if (task!.State.IsFinal())
        {
            return TypedResults.Json(task.ToView(), ProtocolJsonContext.Default.TaskView);
        }

        var final = await waiter.WaitAsync(task.Id, task.BatchId, TimeSpan.FromSeconds(timeoutSeconds ?? MaxWaitSeconds), cancellationToken);
        return TypedResults.Json(final, ProtocolJsonContext.Default.TaskView);
    }

    private static async Task<IResult> CancelTaskAsync(
        string id,
        IDbContextFactory<BrainDbContext> dbFactory,
        TaskCanceller canceller,
        CallerScope scope,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (task, problem) = await TaskLookup.FindAsync(db, id, scope, tracking: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        context.Audit().Subject = $"task {task!.Id}";
        context.Audit().Targets = [task.NodeName];
        if (!task!.State.IsFinal())
        {
            await canceller.CancelAsync([(task.Id, task.NodeName)], CancelReason(scope), cancellationToken);
            task = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == task.Id, cancellationToken);
        }

        return TypedResults.Json(task.ToView(), ProtocolJsonContext.Default.TaskView);
    }

    private static async Task<IResult> GetBatchAsync(string id, CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var (tasks, problem) = await LoadBatchAsync(id, scope, dbFactory, cancellationToken);
        return problem ?? TypedResults.Json<IReadOnlyList<TaskView>>(tasks, ProtocolJsonContext.Default.IReadOnlyListTaskView);
    }

    private static async Task<IResult> CancelBatchAsync(
        string id,
        IDbContextFactory<BrainDbContext> dbFactory,
        TaskCanceller canceller,
        CallerScope scope,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var (tasks, problem) = await LoadBatchAsync(id, scope, dbFactory, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        context.Audit().Subject = $"batch {id}";
        context.Audit().BatchId = id;
        context.Audit().Targets = [.. tasks.Select(t => t.Node)];
        var open = tasks.Where(t => !t.State.IsFinal()).Select(t => (t.Id, t.Node)).ToList();
        if (open.Count > 0)
        {
            await canceller.CancelAsync(open, CancelReason(scope), cancellationToken);
            (tasks, _) = await LoadBatchAsync(id, scope, dbFactory, cancellationToken);
        }

        return TypedResults.Json<IReadOnlyList<TaskView>>(tasks, ProtocolJsonContext.Default.IReadOnlyListTaskView);
    }

    /// <summary>
    /// Streams the batch's tasks as NDJSON, each when it reaches a final state (final ones first), and ends when
    /// all are final or the timeout passes. Subscribes before reading the store, so no completion is missed.
    /// </summary>
    private static async Task WaitBatchAsync(
        string id,
        int? timeoutSeconds,
        HttpContext context,
        CallerScope scope,
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
        var (tasks, problem) = await LoadBatchAsync(id, scope, dbFactory, cancellationToken);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
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
                if (await subscription.ReadAsync(deadline.Token) is TaskEvent.Final final && scope.Covers(final.Task.Node) && pending.Remove(final.TaskId))
                {
                    await WriteLineAsync(context, final.Task, cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait's timeout passed: end the stream; the client sees which tasks are missing.
        }
    }

    /// <summary>
    /// The batch's tasks on nodes in the caller's scope; 404 when there is no such batch, 403 when none of its tasks
    /// is in the scope.
    /// </summary>
    internal static async Task<(List<TaskView> Tasks, IResult? Problem)> LoadBatchAsync(
        string id, CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Tasks.AsNoTracking().Where(t => t.BatchId == id).OrderBy(t => t.NodeName).ToListAsync(cancellationToken);
        if (records.Count == 0)
        {
            return ([], BatchNotFound(id));
        }

        var visible = records.Where(r => scope.Covers(r.NodeName)).Select(r => r.ToView()).ToList();
        return visible.Count == 0
            ? ([], Problems.Forbidden($"Batch {Bound(id)} ran only on nodes outside your workgroup {scope.Account}."))
            : (visible, null);
    }

    internal static IResult BatchNotFound(string id) => Problems.NotFound($"No batch has the id '{Bound(id)}'.");

    internal static string Bound(string text) => text.Length > 64 ? text[..64] + "…" : text;

    private static string CancelReason(CallerScope scope) => $"cancelled by {scope.Actor}";

    private static async Task WriteLineAsync(HttpContext context, TaskView task, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(context.Response.Body, task, ProtocolJsonContext.Default.TaskView, cancellationToken);
        await context.Response.Body.WriteAsync(NewLine, cancellationToken);
    }

    private static bool TryParseState(string text, out TaskState state)
    {
        foreach (var candidate in Enum.GetValues<TaskState>())
        {
            if (string.Equals(candidate.ToWireName(), text, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
