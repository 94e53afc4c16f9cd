using System.Runtime.InteropServices;

namespace Octopoda.Tentacle.Status;

/// <summary>The node's platform in runtime-identifier style: <c>linux-x64</c>, <c>linux-arm64</c>.</summary>
internal static class PlatformName
{
    public static string Current { get; } = Compute();

    private static string Compute()
    {
        var os = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsMacOS() ? "osx"
            : OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : "unknown";

        // The machine's architecture, not the process's: an x64 agent emulated on an arm64 host is on an arm64
        // node, and that is what decides which binaries the node should be given.
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.Armv6 => "armv6",
            Architecture.LoongArch64 => "loongarch64",
            Architecture.RiscV64 => "riscv64",
            Architecture.S390x => "s390x",
            Architecture.Ppc64le => "ppc64le",
            Architecture.Wasm => "wasm",
            _ => "unknown",
        };
        return $"{os}-{arch}";
    }
}
