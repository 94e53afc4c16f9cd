using System.Security.Cryptography.X509Certificates;
using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Client;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    [Fact]
    public async Task GetInfoAsync_CaPemPinned_TrustsBrainDespiteHostNameMismatch()
    {
        await using var server = Serve(sendCa: false);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address, CaCertificatePem = _certificates.CaPem });

        var info = await client.GetInfoAsync().Within("GetInfoAsync over TLS");

        Assert.Equal("lab-brain", info.Name);
    }

    [Fact]
    public async Task GetInfoAsync_CaFilePinned_TrustsBrain()
    {
        using var directory = new TempDirectory();
        var caFile = directory.Write("ca.pem", _certificates.CaPem);
        await using var server = Serve(sendCa: false);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address, CaCertificateFile = caFile });

        Assert.Equal("lab-brain", (await client.GetInfoAsync().Within("GetInfoAsync over TLS")).Name);
    }

    [Fact]
    public async Task GetInfoAsync_FingerprintPinned_DiscoversCaAndTrustsBrain()
    {
        await using var server = Serve(sendCa: false);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address, CaFingerprint = _certificates.CaFingerprint.ToUpperInvariant() });

        Assert.Equal("lab-brain", (await client.GetInfoAsync().Within("GetInfoAsync over TLS")).Name);
        Assert.Equal("lab-brain", (await client.GetInfoAsync().Within("a second GetInfoAsync")).Name);
    }

    [Fact]
    public async Task GetInfoAsync_FingerprintPinnedNoCaEndpoint_ThrowsNamingTheFingerprint()
    {
        await using var server = Serve(sendCa: true, serveCa: false);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address, CaFingerprint = _certificates.CaFingerprint });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync over TLS"));

        Assert.False(ex.IsTransient);
        Assert.Contains($"does not contain the CA with the configured fingerprint {_certificates.CaFingerprint}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfoAsync_OtherCaPinned_ThrowsNotSignedByConfiguredCa()
    {
        using var other = TestCertificates.Create("Some Other CA");
        await using var server = Serve(sendCa: false);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address, CaCertificatePem = other.CaPem });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync over TLS"));

        Assert.False(ex.IsTransient);
        Assert.StartsWith($"the Brain at {server.Address.GetLeftPart(UriPartial.Authority)}: its certificate is not signed by the configured CA (", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfoAsync_WrongFingerprint_ThrowsNamingTheFingerprint()
    {
        using var other = TestCertificates.Create("Some Other CA");
        await using var server = Serve(sendCa: true);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address, CaFingerprint = other.CaFingerprint });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync over TLS"));

        Assert.False(ex.IsTransient);
        Assert.Equal(
            $"the Brain at {server.Address.GetLeftPart(UriPartial.Authority)}: its CA certificate has the SHA-256 fingerprint " +
            $"{_certificates.CaFingerprint}, not the configured {other.CaFingerprint}; is this the right Brain?",
            ex.Message);
    }

    [Fact]
    public async Task GetInfoAsync_NoCaConfigured_ThrowsNotTrustedByThisMachine()
    {
        await using var server = Serve(sendCa: true);
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = server.Address });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync over TLS"));

        Assert.False(ex.IsTransient);
        Assert.Contains("its certificate is not trusted by this machine", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CaFileMissing_ThrowsOctopodaExceptionNamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-ca-{Guid.NewGuid():N}.pem");

        var ex = Assert.Throws<OctopodaException>(() =>
            new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("https://127.0.0.1:7400"), CaCertificateFile = missing }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _certificates.Dispose();

    private TlsTestServer Serve(bool sendCa, bool serveCa = true) => new(
        _certificates.Server,
        sendCa ? new X509Certificate2Collection(_certificates.Ca) : [],
        path => path switch
        {
            ApiRoutes.CaCertificate when serveCa => (200, "application/x-pem-file", _certificates.CaPem),
            ApiRoutes.Info => (200, "application/json", Samples.Json(Samples.Brain)),
            _ => (404, "text/plain", "not found"),
        });
}
