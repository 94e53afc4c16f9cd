namespace Octopoda.Cli.Tests.Files;

/// <summary>The system clock in a given local time zone, so local times in output do not depend on the machine's zone.</summary>
internal sealed class ZonedTimeProvider(TimeZoneInfo zone) : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => zone;

    public static ZonedTimeProvider Utc(int hours) =>
        new(TimeZoneInfo.CreateCustomTimeZone($"test{hours:+0;-0}", TimeSpan.FromHours(hours), $"UTC{hours:+0;-0}", $"UTC{hours:+0;-0}"));
}
