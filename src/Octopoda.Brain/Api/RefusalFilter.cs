namespace Octopoda.Brain.Api;

/// <summary>Answers a <see cref="RequestRefusedException"/> thrown by any API endpoint as its problem response.</summary>
internal sealed class RefusalFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRefusedException refused)
        {
            return refused.ToResult();
        }
    }
}
