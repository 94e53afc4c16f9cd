using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

public sealed class ProcCpuinfoParserTests
{
    [Fact]
    public void ParseModel_X86_ReturnsFirstModelName()
    {
        const string sample = """
            processor	: 0
            vendor_id	: GenuineIntel
            cpu family	: 6
            model		: 79
            model name	: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
            stepping	: 1

            processor	: 1
            model name	: Some Other CPU
            """;

        Assert.Equal("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", ProcCpuinfoParser.ParseModel(sample));
    }

    [Fact]
    public void ParseModel_Arm64WithHardwareLine_ReturnsHardware()
    {
        const string sample = """
            processor	: 0
            BogoMIPS	: 108.00
            Features	: fp asimd evtstrm crc32 cpuid
            CPU implementer	: 0x41
            CPU part	: 0xd08

            Hardware	: BCM2835
            Revision	: c03111
            Model		: Raspberry Pi 4 Model B Rev 1.1
            """;

        Assert.Equal("BCM2835", ProcCpuinfoParser.ParseModel(sample));
    }

    [Fact]
    public void ParseModel_OldArmWithProcessorLine_ReturnsProcessor()
    {
        const string sample = """
            Processor	: ARMv7 Processor rev 10 (v7l)
            processor	: 0
            BogoMIPS	: 790.52
            """;

        Assert.Equal("ARMv7 Processor rev 10 (v7l)", ProcCpuinfoParser.ParseModel(sample));
    }

    [Fact]
    public void ParseModel_ModelNameAfterHardware_PrefersModelName()
    {
        Assert.Equal("Cortex", ProcCpuinfoParser.ParseModel("Hardware\t: SoC\nmodel name\t: Cortex\n"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("processor\t: 0\nprocessor\t: 1\n")]
    [InlineData("model name\t:\n")]
    [InlineData("no colon here\n:\n")]
    public void ParseModel_NoModel_ReturnsEmpty(string? text)
    {
        Assert.Equal("", ProcCpuinfoParser.ParseModel(text));
    }
}
