using System.Net;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Support;

/// <summary>
/// A fake Brain that knows a fixed set of workgroups: <c>GET /workgroup?path=</c> answers the group or 404,
/// <c>whoami</c> answers <see cref="Caller"/>, and every change answers with <see cref="ChangeAnswer"/>.
/// </summary>
internal sealed class WorkgroupBrain
{
    private readonly Dictionary<string, WorkgroupView> _groups;

    public WorkgroupBrain(params WorkgroupView[] groups)
    {
        _groups = groups.ToDictionary(g => g.Path, StringComparer.Ordinal);
    }

    public CallerView Caller { get; init; } = AccessSamples.Caller("/room1", "/room1");

    /// <summary>The answer to add, remove and allow; null answers 204.</summary>
    public WorkgroupView? ChangeAnswer { get; set; }

    public FakeBrain Start() => FakeBrain.Start(HandleAsync);

    private Task HandleAsync(HttpListenerContext context, RecordedRequest request)
    {
        if (request.Path == ApiRoutes.WhoAmI)
        {
            return FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Caller));
        }

        if (request.Path == ApiRoutes.Workgroup)
        {
            var path = context.Request.QueryString["path"] ?? request.WorkgroupPath ?? Caller.Path;
            return _groups.TryGetValue(path, out var group)
                ? FakeBrain.RespondAsync(context, 200, AccessSamples.Json(group))
                : FakeBrain.RespondAsync(context, 404, AccessSamples.Problem(404, $"no workgroup {path}"), "application/problem+json");
        }

        return ChangeAnswer is null || request.Path == ApiRoutes.WorkgroupGrant
            ? FakeBrain.RespondNoContentAsync(context)
            : FakeBrain.RespondAsync(context, 200, AccessSamples.Json(ChangeAnswer));
    }
}
