using Octopoda.Brain.Hosting;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Certificates;

/// <summary>Given certificate material reaches <see cref="BrainOptions.Pki"/> from <c>brain.yaml</c>, the environment and flags.</summary>
public sealed class PkiConfigurationTests : IDisposable
{
    private readonly TestDirectory _dir = new("pki-config");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_YamlPathsAreRelativeToTheFile_FlagsAndEnvironmentOverride()
    {
        var file = Path.Combine(_dir.Path, "brain.yaml");
        File.WriteAllText(file, """
            pki: { dir: pki, serverCertificate: other/server.crt, serverKey: other/server.key }
            """);

        var fromFile = BrainConfiguration.Load(new Dictionary<string, string> { ["config"] = file }, _ => null);
        var overridden = BrainConfiguration.Load(
            new Dictionary<string, string> { ["config"] = file, ["ca-key"] = "/keys/ca.key" },
            new Dictionary<string, string> { ["OCTOPODA_PKI_DIR"] = "/srv/pki" }.GetValueOrDefault);

        Assert.Equal(Path.Combine(_dir.Path, "pki"), fromFile.Pki.Directory);
        Assert.Equal(Path.Combine(_dir.Path, "pki", "ca.crt"), fromFile.Pki.CaCertificateFile);
        Assert.Equal(Path.Combine(_dir.Path, "other", "server.key"), fromFile.Pki.ServerKeyFile);
        Assert.Empty(fromFile.Validate());
        Assert.Equal("/srv/pki", overridden.Pki.Directory);
        Assert.Equal("/keys/ca.key", overridden.Pki.CaKeyFile);
        Assert.Equal("/srv/pki/ca.crt", overridden.Pki.CaCertificateFile);
    }

    [Fact]
    public void Validate_CaCertificateWithoutKey_IsAProblem()
    {
        var options = new BrainOptions();
        options.Pki.CaCertificate = "/pki/ca.crt";

        Assert.Contains(options.Validate(), p => p.Contains("needs both its certificate and its key", StringComparison.Ordinal));
    }

    [Fact]
    public void Unset_UsesTheBrainsOwnCa()
    {
        var options = BrainConfiguration.Load(new Dictionary<string, string>(), _ => null);

        Assert.False(options.Pki.IsGiven);
        Assert.Null(options.Pki.CaCertificateFile);
        Assert.Empty(options.Pki.Validate());
    }
}
