using System.Net;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Files;

/// <summary>
/// A fake Brain for the file commands that answer with a batch (spread, copy): a POST to <c>path</c> gets 202 with one
/// task per node of <c>results</c> (batch b-1), and waiting for the batch streams those results.
/// </summary>
internal static class SubmittingBrain
{
    public static FakeBrain Start(string path, params TaskView[] results) => FakeBrain.Start(async (context, request) =>
    {
        if (request.Method == "POST" && request.Path == path)
        {
            await FakeBrain.RespondAsync(context, (int)HttpStatusCode.Accepted, Samples.Json(Samples.Submission(results.Select(r => r.Node).ToArray())));
            return;
        }

        await FakeBrain.StreamAsync(context, results.Select(Samples.Json).ToArray());
    });
}
