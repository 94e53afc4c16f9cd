using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Audit;

/// <summary>
/// Records every change and run through the API group in the audit log, with the answer it got: who (the scope's
/// account), what (the endpoint's name and the subject the endpoint noted), targets, when and outcome.
/// </summary>
internal sealed class AuditFilter(AuditLog audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!AuditLog.IsChange(http.Request))
        {
            return await next(context);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception ex)
        {
            await audit.RecordAsync(http, StatusCodes.Status500InternalServerError, $"failed: {ex.GetType().Name}");
            throw;
        }

        if (http.Features.Get<AuditNote>() is { Recorded: true })
        {
            return result;
        }

        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var outcome = result is IValueHttpResult { Value: ApiProblem problem } ? problem.Detail ?? problem.Title ?? "refused" : "ok";
        await audit.RecordAsync(http, status, outcome);
        return result;
    }
}
