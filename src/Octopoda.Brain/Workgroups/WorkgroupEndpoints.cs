using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Targets;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Workgroups;

/// <summary>
/// <c>/api/v1/workgroup</c>: read a group at or under the caller's account; change (add, remove, grant, allow) only
/// groups strictly under it, so an account can never widen its own node set, password or allow-list.
/// </summary>
internal static class WorkgroupEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/workgroup", GetAsync);
        api.MapPost("/workgroup/add", AddAsync).WithName("wg.add");
        api.MapPost("/workgroup/remove", RemoveAsync).WithName("wg.remove");
        api.MapPost("/workgroup/grant", GrantAsync).WithName("wg.grant");
        api.MapPut("/workgroup/allow", AllowAsync).WithName("wg.allow");
    }

    private static async Task<IResult> GetAsync(string? path, CallerScope scope, WorkgroupTree tree, CancellationToken cancellationToken)
    {
        var group = scope.ResolvePath(path);
        return TypedResults.Json(await DescribeAsync(tree, group, cancellationToken), ProtocolJsonContext.Default.WorkgroupView);
    }

    private static async Task<IResult> AddAsync(HttpContext context, CallerScope scope, WorkgroupTree tree, TargetResolver resolver)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.WorkgroupMembersRequest);
        if (body is null)
        {
            return error!;
        }

        var group = ManagedPath(scope, body.Path, "add nodes to");
        context.Audit().Subject = group.Value;
        var resolution = await resolver.ResolveAsync(body.Nodes, emptyMeansAll: false, scope, context.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        context.Audit().Targets = resolution.Nodes;
        await tree.AddAsync(group, resolution.Nodes, context.RequestAborted);
        return TypedResults.Json(await DescribeAsync(tree, group, context.RequestAborted), ProtocolJsonContext.Default.WorkgroupView);
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, CallerScope scope, WorkgroupTree tree, TargetResolver resolver)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.WorkgroupMembersRequest);
        if (body is null)
        {
            return error!;
        }

        var group = ManagedPath(scope, body.Path, "remove nodes from");
        context.Audit().Subject = group.Value;
        IReadOnlyList<string> nodes = [];
        if (body.Nodes.Count > 0)
        {
            var resolution = await resolver.ResolveAsync(body.Nodes, emptyMeansAll: false, scope, context.RequestAborted);
            if (!resolution.IsValid)
            {
                return resolution.ToProblem();
            }

            nodes = resolution.Nodes;
        }

        context.Audit().Targets = nodes;
        await tree.RemoveAsync(group, nodes, context.RequestAborted);
        return await tree.ExistsAsync(group, context.RequestAborted)
            ? TypedResults.Json(await DescribeAsync(tree, group, context.RequestAborted), ProtocolJsonContext.Default.WorkgroupView)
            : TypedResults.NoContent();
    }

    private static async Task<IResult> GrantAsync(HttpContext context, CallerScope scope, WorkgroupTree tree)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.WorkgroupGrantRequest);
        if (body is null)
        {
            return error!;
        }

        var group = ManagedPath(scope, body.Path, "grant a password to");
        context.Audit().Subject = group.Value;
        await tree.GrantAsync(group, body.Password, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> AllowAsync(HttpContext context, CallerScope scope, WorkgroupTree tree)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.WorkgroupAllowRequest);
        if (body is null)
        {
            return error!;
        }

        // The administrator may restrict the whole fleet at /; anyone else only the groups below their account.
        var group = scope.IsAdmin ? scope.ResolvePath(body.Path) : ManagedPath(scope, body.Path, "set the allow-list of");
        var patterns = AllowList.Validate(body.Patterns);
        context.Audit().Subject = $"{group} allow [{string.Join(", ", patterns)}]";
        await tree.SetAllowListAsync(group, patterns, context.RequestAborted);
        return TypedResults.Json(await DescribeAsync(tree, group, context.RequestAborted), ProtocolJsonContext.Default.WorkgroupView);
    }

    /// <summary>A path the caller may change: strictly under its account.</summary>
    private static WorkgroupPath ManagedPath(CallerScope scope, string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw RequestRefusedException.BadRequest("'path' is required: the group, absolute or relative to the current path.");
        }

        var group = scope.ResolvePath(text);
        return group == scope.Account
            ? throw RequestRefusedException.Forbidden(
                $"You cannot {what} your own account {scope.Account}; only an account above it can (the groups under it are yours to manage).")
            : group;
    }

    private static async Task<WorkgroupView> DescribeAsync(WorkgroupTree tree, WorkgroupPath group, CancellationToken cancellationToken) => new()
    {
        Path = group.Value,
        IsAccount = await tree.IsAccountAsync(group, cancellationToken),
        Members = await tree.MembersAsync(group, cancellationToken),
        Children = [.. (await tree.ChildrenAsync(group, cancellationToken)).Select(c => c.Value)],
        Allow = await tree.AllowListAsync(group, cancellationToken),
    };
}
