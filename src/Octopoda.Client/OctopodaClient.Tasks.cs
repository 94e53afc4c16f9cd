using System.Globalization;
using System.Net.Http.Json;
using Octopoda.Client.Http;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Client;

// Tasks after submission: listing, waiting, streaming and cancelling them; schedules; tail and httpget probes;
// delivery metrics. Every id parameter also takes a unique prefix of 4 or more characters; an ambiguous one is an
// OctopodaApiException with status 409 and the matches in Candidates.
public sealed partial class OctopodaClient
{
    /// <summary>Tasks, newest first, without their output (get a task for that).</summary>
    /// <param name="node">Only tasks of this node.</param>
    /// <param name="state">Only tasks in this state, by its wire name (<c>queued</c>, <c>running</c>, <c>failed</c>…; see <see cref="TaskStateExtensions.ToWireName"/>).</param>
    /// <param name="batch">Only tasks of this batch.</param>
    /// <param name="limit">At most this many (the Brain's default when null); <see cref="TaskListResponse.More"/> says whether more matched.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<TaskListResponse> ListTasksAsync(
        string? node = null, string? state = null, string? batch = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(limit));
        }

        var query = new QueryBuilder()
            .Add("node", node)
            .Add("state", state)
            .Add("batch", batch)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return SendAsync(HttpMethod.Get, ApiRoutes.Tasks + query, null, ProtocolJsonContext.Default.TaskListResponse, cancellationToken);
    }

    /// <summary>
    /// The task once it is final, or as it is when <paramref name="timeout"/> passes on the Brain (check
    /// <see cref="TaskView.State"/>). Without a timeout the Brain waits up to its own limit (a day) and this call
    /// has no deadline of its own; with one, the call may take that long plus the client's timeout.
    /// </summary>
    public Task<TaskView> WaitTaskAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (timeout is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(timeout));
        }

        var query = new QueryBuilder().Add("timeoutSeconds", WholeSeconds(timeout));
        var budget = timeout is { } limit ? limit + _timeout : System.Threading.Timeout.InfiniteTimeSpan;
        return SendAsync(HttpMethod.Get, ItemPath(ApiRoutes.Tasks, id, "/wait") + query, null, ProtocolJsonContext.Default.TaskView, budget, cancellationToken);
    }

    /// <summary>
    /// A task's output as it arrives (each character once, in order, from the start), then its final state; the
    /// sequence ends after the <see cref="TaskStreamEvent.FinalType"/> event. No deadline applies; stop it with the token.
    /// </summary>
    public IAsyncEnumerable<TaskStreamEvent> StreamTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return ReadNdjsonAsync(ItemPath(ApiRoutes.Tasks, id, "/stream"), ProtocolJsonContext.Default.TaskStreamEvent, cancellationToken);
    }

    /// <summary>
    /// The output of every task of a batch as it arrives, interleaved, and each task's final state; the sequence
    /// ends after the last task's final event. No deadline applies; stop it with the token.
    /// </summary>
    public IAsyncEnumerable<TaskStreamEvent> StreamBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        return ReadNdjsonAsync(ItemPath(ApiRoutes.Batches, batchId, "/stream"), ProtocolJsonContext.Default.TaskStreamEvent, cancellationToken);
    }

    /// <summary>
    /// Cancels a task that is not final yet and returns it: a queued one ends cancelled at once, a running one
    /// when its node has stopped it. A final task is returned unchanged.
    /// </summary>
    public Task<TaskView> CancelTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(HttpMethod.Post, ItemPath(ApiRoutes.Tasks, id, "/cancel"), null, ProtocolJsonContext.Default.TaskView, cancellationToken);
    }

    /// <summary>Cancels every task of a batch that is not final yet; returns the batch's tasks.</summary>
    public Task<IReadOnlyList<TaskView>> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        return SendAsync(HttpMethod.Post, ItemPath(ApiRoutes.Batches, batchId, "/cancel"), null, ProtocolJsonContext.Default.IReadOnlyListTaskView, cancellationToken);
    }

    /// <summary>Schedules (repeating runs), those that ended included.</summary>
    public Task<IReadOnlyList<ScheduleView>> ListSchedulesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Schedules, null, ProtocolJsonContext.Default.IReadOnlyListScheduleView, cancellationToken);

    /// <summary>Stops a schedule: no further runs start (runs already started are not cancelled). Returns it, ended.</summary>
    public Task<ScheduleView> StopScheduleAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(HttpMethod.Delete, ItemPath(ApiRoutes.Schedules, id), null, ProtocolJsonContext.Default.ScheduleView, cancellationToken);
    }

    /// <summary>Starts following a file on one node; read its lines with <see cref="StreamTaskAsync"/> and stop it with <see cref="CancelTaskAsync"/>.</summary>
    public Task<RunSubmission> TailAsync(TailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, ProtocolJsonContext.Default.TailRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.Tail, body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>Fetches a URL from each target node; each task's stdout is the body it received.</summary>
    public Task<RunSubmission> HttpGetAsync(HttpGetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, ProtocolJsonContext.Default.HttpGetRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.HttpGet, body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>Task counts by state, per-node queues, and dispatch and completion latencies.</summary>
    public Task<DeliveryMetrics> GetDeliveryMetricsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.DeliveryMetrics, null, ProtocolJsonContext.Default.DeliveryMetrics, cancellationToken);
}
