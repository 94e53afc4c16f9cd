using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Tests.Access;

/// <summary>Raw HTTP to the Brain's API with a chosen token and current path, so tests see exactly what a client would.</summary>
internal sealed class ApiCaller : IDisposable
{
    private readonly HttpClient _http;

    public ApiCaller(Uri brain, string caFile)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        _http = new HttpClient(handler) { BaseAddress = brain, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<Answer> SendAsync(HttpMethod method, string pathAndQuery, string? token, string? json = null, string? currentPath = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (currentPath is not null)
        {
            request.Headers.Add(ApiRoutes.PathHeader, currentPath);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // Streams (NDJSON waits) are cut after the head: the status is what these tests look at.
        var body = response.Content.Headers.ContentType?.MediaType == "application/x-ndjson" ? "" : await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, body, response.Headers.RetryAfter?.Delta);
    }

    public Task<Answer> GetAsync(string path, string? token, string? currentPath = null) => SendAsync(HttpMethod.Get, path, token, null, currentPath);

    public Task<Answer> PostAsync(string path, string? token, string json, string? currentPath = null) => SendAsync(HttpMethod.Post, path, token, json, currentPath);

    public async Task<string> LoginAsync(string account, string password)
    {
        var answer = await PostAsync(ApiRoutes.Login, null, JsonSerializer.Serialize(new LoginRequest { Path = account, Password = password }, ProtocolJsonContext.Default.LoginRequest));
        Assert.True(answer.Status == HttpStatusCode.OK, $"login {account}: {answer}");
        return JsonSerializer.Deserialize(answer.Body, ProtocolJsonContext.Default.LoginResponse)!.Token;
    }

    public void Dispose() => _http.Dispose();

    internal sealed record Answer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
    {
        public string? Detail => Body.StartsWith('{') && Body.Contains("\"detail\"", StringComparison.Ordinal)
            ? JsonSerializer.Deserialize(Body, ProtocolJsonContext.Default.ApiProblem)?.Detail
            : null;

        public T Read<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Deserialize(Body, type)!;

        public override string ToString() => $"{(int)Status} {Body}";
    }
}
