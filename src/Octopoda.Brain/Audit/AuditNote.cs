namespace Octopoda.Brain.Audit;

/// <summary>
/// What an endpoint tells the audit log about its request beyond what <see cref="AuditFilter"/> sees by itself: the
/// subject, the nodes touched, the batch started. Set with <see cref="AuditNotes.Audit"/>; never holds a secret.
/// </summary>
internal sealed class AuditNote
{
    public string? Subject { get; set; }

    public IReadOnlyCollection<string>? Targets { get; set; }

    public string? BatchId { get; set; }

    /// <summary>True once the line was stored with the work itself (<see cref="AuditLog.AddTo"/>).</summary>
    public bool Recorded { get; set; }

    /// <summary>Overrides the actor (login names the account it tried, since there is no token yet).</summary>
    public string? Actor { get; set; }
}

internal static class AuditNotes
{
    /// <summary>The request's audit note, created on first use.</summary>
    public static AuditNote Audit(this HttpContext context)
    {
        if (context.Features.Get<AuditNote>() is not { } note)
        {
            note = new AuditNote();
            context.Features.Set(note);
        }

        return note;
    }
}
