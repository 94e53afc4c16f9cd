using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Files;

/// <summary>A large upload streams: neither octl nor the SDK holds the file in memory.</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class UploadMemoryTests : IDisposable
{
    private const int FileBytes = 50 * 1024 * 1024;

    /// <summary>Far below the file's 50 MB: buffering it anywhere on the way would exceed this.</summary>
    private const long MaxGrowthBytes = 30L * 1024 * 1024;

    private const long SampleEveryBytes = 5L * 1024 * 1024;

    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Upload_50MegabyteFile_StreamsWithoutHoldingItInMemory()
    {
        var path = Path.Combine(_runner.Directory.Path, "big.bin");
        await using (var file = File.Create(path))
        {
            var random = new Random(5);
            var block = new byte[1024 * 1024];
            for (var written = 0; written < FileBytes; written += block.Length)
            {
                random.NextBytes(block);
                await file.WriteAsync(block);
            }
        }

        string expectedSha;
        await using (var file = File.OpenRead(path))
        {
            // Hashed as a stream: a 50 MB array here would still be reachable when the baseline is taken (Debug JIT).
            expectedSha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file));
        }

        var peak = 0L;
        var samples = 0;
        var nextSample = SampleEveryBytes;
        IReadOnlyList<ReceivedEntry> entries = [];
        await using var brain = UploadBrain.Start(
            async body => entries = await TarContents.ReadAsync(body, received =>
            {
                if (received >= nextSample)
                {
                    // Live memory only: a full collection first, so garbage not yet collected does not count.
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                    samples++;
                    nextSample += SampleEveryBytes;
                }
            }),
            UploadBrain.Placed("n1", "big.bin", "/tmp", FileBytes));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "big.bin", "/tmp", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var entry = Assert.Single(entries);
        Assert.Equal(("big.bin", (long)FileBytes, expectedSha), (entry.Name, entry.Length, entry.Sha256));
        Assert.True(samples >= 9, $"only {samples} memory samples were taken");
        Assert.True(peak - baseline < MaxGrowthBytes,
            $"live memory grew by {(peak - baseline) / (1024 * 1024)} MB during a {FileBytes / (1024 * 1024)} MB upload (limit {MaxGrowthBytes / (1024 * 1024)} MB)");
    }

    public void Dispose() => _runner.Dispose();
}
