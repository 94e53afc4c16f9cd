using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Files;

/// <summary>
/// A fake Brain answering <c>GET files/download</c> with a tar body, its length and a SHA-256 header (the body's own
/// unless told otherwise), and recording the <c>node</c> and <c>path</c> it was asked for, decoded.
/// </summary>
internal sealed class DownloadBrain : IAsyncDisposable
{
    public const string Sha256Header = Octopoda.Protocol.Api.ApiRoutes.Sha256Header;

    private readonly FakeBrain _brain;

    private DownloadBrain(Func<HttpListenerContext, Task> answer)
    {
        _brain = FakeBrain.Start(async (context, _) =>
        {
            Asked.Enqueue((context.Request.QueryString["node"], context.Request.QueryString["path"]));
            await answer(context);
        });
    }

    public Uri Address => _brain.Address;

    public ConcurrentQueue<RecordedRequest> Requests => _brain.Requests;

    /// <summary>The node and path of each download asked for, as the Brain reads them.</summary>
    public ConcurrentQueue<(string? Node, string? Path)> Asked { get; } = new();

    /// <summary>Serves <paramref name="tar"/>, declaring <paramref name="sha256"/> (default: the body's real hash).</summary>
    public static DownloadBrain Serving(byte[] tar, string? sha256 = null) =>
        new(context => RespondTarAsync(context, tar, sha256 ?? Convert.ToHexStringLower(SHA256.HashData(tar))));

    /// <summary>Answers every request with a problem document.</summary>
    public static DownloadBrain Refusing(int status, string detail) =>
        new(context => FakeBrain.RespondAsync(
            context, status, Samples.Json(new ApiProblem { Status = status, Title = "Refused", Detail = detail }), "application/problem+json"));

    public static async Task RespondTarAsync(HttpListenerContext context, byte[] tar, string sha256)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-tar";
        context.Response.ContentLength64 = tar.Length;
        context.Response.Headers[Sha256Header] = sha256;
        await context.Response.OutputStream.WriteAsync(tar);
        context.Response.Close();
    }

    public ValueTask DisposeAsync() => _brain.DisposeAsync();
}
