using System.Net;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Files;

/// <summary>
/// A fake Brain for uploads: it hands the streamed body of <c>POST files/upload</c> to <c>readBody</c> as it arrives,
/// answers 202 with one task per node of <c>results</c> (batch b-1), and streams those results when waited for.
/// </summary>
internal static class UploadBrain
{
    public static FakeBrain Start(Func<Stream, Task> readBody, params TaskView[] results) => FakeBrain.Start(async (context, request) =>
    {
        if (request.Path == ApiRoutes.FilesUpload)
        {
            try
            {
                await readBody(context.Request.InputStream);

                // TarReader stops at the first end-of-archive block; HttpListener would take what follows for the
                // connection's next request.
                await context.Request.InputStream.CopyToAsync(Stream.Null);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
            {
                // Fail the upload at once with the reason, rather than leave octl waiting for an answer.
                var problem = new ApiProblem { Status = 400, Detail = $"the fake Brain cannot read the tar stream: {ex.Message}" };
                await FakeBrain.RespondAsync(context, 400, Samples.Json(problem), "application/problem+json");
                return;
            }

            await FakeBrain.RespondAsync(context, (int)HttpStatusCode.Accepted, Samples.Json(Samples.Submission(results.Select(r => r.Node).ToArray())));
            return;
        }

        FakeBrain.BeginStream(context);
        foreach (var task in results)
        {
            await FakeBrain.WriteLineAsync(context, Samples.Json(task));
        }

        context.Response.Close();
    });

    /// <summary>A node's finished file.push task, as the Tentacle reports a placed upload.</summary>
    public static TaskView Placed(string node, string name, string directory, long bytes) =>
        Samples.Task(node, TaskState.Succeeded, 0, $"placed {name} in {directory} ({bytes} bytes received)\n") with { Kind = TaskKinds.FilePush };

    /// <summary>A node's failed file.push task.</summary>
    public static TaskView Failed(string node, string error) =>
        Samples.Task(node, TaskState.Failed, error: error) with { Kind = TaskKinds.FilePush };
}
