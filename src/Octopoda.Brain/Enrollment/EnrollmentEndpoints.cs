using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Api;
using Octopoda.Brain.Certificates;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Enrollment;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Enrollment;

/// <summary><c>POST /api/v1/enroll</c>: a join token and a CSR in, a node certificate out.</summary>
internal static partial class EnrollmentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Enroll, EnrollAsync).AllowAnonymous();
        app.MapGet(ApiRoutes.CaCertificate, (CertificateAuthority ca) => TypedResults.Text(ca.CertificatePem, "application/x-pem-file")).AllowAnonymous();
    }

    private static async Task<IResult> EnrollAsync(
        HttpRequest request,
        JoinTokenService tokens,
        CertificateAuthority ca,
        IDbContextFactory<BrainDbContext> dbFactory,
        TimeProvider time,
        ILogger<JoinTokenService> logger)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.EnrollRequest);
        if (body is null)
        {
            return error!;
        }

        if (!NodeNames.IsValid(body.NodeName))
        {
            return Problems.BadRequest($"'{body.NodeName}' is not a valid node name: {NodeNames.Rule}.");
        }

        var refusal = await tokens.TrySpendAsync(body.JoinSecret, request.HttpContext.RequestAborted);
        if (refusal is not null)
        {
            LogEnrollmentRefused(logger, body.NodeName, refusal);
            return Problems.Result(StatusCodes.Status403Forbidden, "Enrolment refused", refusal);
        }

        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            certificate = ca.IssueNodeCertificate(body.NodeName, body.CsrPem, time);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return Problems.BadRequest($"The certificate signing request is not a valid PKCS#10 PEM: {ex.Message}");
        }

        using (certificate)
        {
            var thumbprint = CertificateAuthority.ComputeFingerprint(certificate);
            await using var db = await dbFactory.CreateDbContextAsync(request.HttpContext.RequestAborted);
            var node = await db.Nodes.FindAsync([body.NodeName], request.HttpContext.RequestAborted);
            if (node is null)
            {
                db.Nodes.Add(new NodeRecord { Name = body.NodeName, CertificateThumbprint = thumbprint, EnrolledAt = time.GetUtcNow() });
            }
            else
            {
                // Re-enrolling a name replaces its certificate: the newest enrolment wins, the old key stops working.
                node.CertificateThumbprint = thumbprint;
                node.EnrolledAt = time.GetUtcNow();
            }

            await db.SaveChangesAsync(request.HttpContext.RequestAborted);
            LogEnrolled(logger, body.NodeName);
            return TypedResults.Json(
                new EnrollResponse { CertificatePem = certificate.ExportCertificatePem(), CaCertificatePem = ca.CertificatePem },
                ProtocolJsonContext.Default.EnrollResponse);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Node {NodeName} enrolled")]
    private static partial void LogEnrolled(ILogger logger, string nodeName);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Enrolment of {NodeName} refused: {Reason}")]
    private static partial void LogEnrollmentRefused(ILogger logger, string nodeName, string reason);
}
