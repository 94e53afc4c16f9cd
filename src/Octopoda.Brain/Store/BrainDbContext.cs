using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Store;

/// <summary>The Brain's store. The same model runs on SQLite (default) and PostgreSQL.</summary>
internal sealed class BrainDbContext(DbContextOptions<BrainDbContext> options) : DbContext(options)
{
    public DbSet<NodeRecord> Nodes => Set<NodeRecord>();

    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();

    public DbSet<JoinTokenRecord> JoinTokens => Set<JoinTokenRecord>();

    public DbSet<ApiTokenRecord> ApiTokens => Set<ApiTokenRecord>();

    public DbSet<ScheduleRecord> Schedules => Set<ScheduleRecord>();

    public DbSet<SchemaInfoRecord> SchemaInfo => Set<SchemaInfoRecord>();

    public DbSet<RevokedCertificateRecord> RevokedCertificates => Set<RevokedCertificateRecord>();

    public DbSet<WorkgroupRecord> Workgroups => Set<WorkgroupRecord>();

    public DbSet<WorkgroupMemberRecord> WorkgroupMembers => Set<WorkgroupMemberRecord>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    public DbSet<ScenarioRecord> Scenarios => Set<ScenarioRecord>();

    public DbSet<ScenarioAppRecord> ScenarioApps => Set<ScenarioAppRecord>();

    public DbSet<ScenarioVersionRecord> ScenarioVersions => Set<ScenarioVersionRecord>();

    public DbSet<NodeAppVersionRecord> NodeAppVersions => Set<NodeAppVersionRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no date type: stored as 64-bit numbers (always UTC here) times compare and sort in SQL,
            // which the expiry sweep needs. PostgreSQL keeps its native timestamptz.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NodeRecord>(node =>
        {
            node.ToTable("nodes");
            node.HasKey(n => n.Name);
            node.Property(n => n.Name).HasMaxLength(63);
            node.Property(n => n.CertificateThumbprint).HasMaxLength(64);
            node.Property(n => n.Address).HasMaxLength(256);
            node.Property(n => n.Version).HasMaxLength(64);
            node.Property(n => n.Platform).HasMaxLength(64);
        });

        modelBuilder.Entity<TaskRecord>(task =>
        {
            task.ToTable("tasks");
            task.HasKey(t => t.Sequence);
            task.Property(t => t.Sequence).ValueGeneratedOnAdd();
            task.Property(t => t.Id).HasMaxLength(32);
            task.HasIndex(t => t.Id).IsUnique();
            task.Property(t => t.BatchId).HasMaxLength(32);
            task.HasIndex(t => t.BatchId);
            task.Property(t => t.NodeName).HasMaxLength(63);
            task.HasIndex(t => new { t.NodeName, t.State, t.Sequence });
            task.Property(t => t.Kind).HasMaxLength(32);
            task.Property(t => t.State).HasConversion(s => s.ToWireName(), s => ParseState(s)).HasMaxLength(16);
            task.Property(t => t.SubmittedBy).HasMaxLength(1040);
            task.Property(t => t.Error).HasMaxLength(4096);
            task.Property(t => t.Description).HasMaxLength(200);
            task.Property(t => t.ScheduleId).HasMaxLength(32);
            task.Property(t => t.Report).HasMaxLength(Protocol.Agent.TaskResult.MaxReportChars);
        });

        modelBuilder.Entity<ScenarioRecord>(scenario =>
        {
            scenario.ToTable("scenarios");
            scenario.HasKey(s => s.Name);
            scenario.Property(s => s.Name).HasMaxLength(63);
            scenario.Property(s => s.Description).HasMaxLength(1000);
            scenario.Property(s => s.CreatedBy).HasMaxLength(1040);
        });

        modelBuilder.Entity<ScenarioAppRecord>(app =>
        {
            app.ToTable("scenario_apps");
            app.HasKey(a => new { a.Scenario, a.App });
            app.Property(a => a.Scenario).HasMaxLength(63);
            app.Property(a => a.App).HasMaxLength(63);
            app.Property(a => a.Description).HasMaxLength(1000);
            app.Ignore(a => a.NodeList);
        });

        modelBuilder.Entity<ScenarioVersionRecord>(version =>
        {
            version.ToTable("scenario_versions");
            version.HasKey(v => v.Sequence);
            version.Property(v => v.Sequence).ValueGeneratedOnAdd();
            version.Property(v => v.Scenario).HasMaxLength(63);
            version.Property(v => v.Hash).HasMaxLength(64);
            version.Property(v => v.Message).HasMaxLength(1000);
            version.HasIndex(v => new { v.Scenario, v.Sequence });
        });

        modelBuilder.Entity<NodeAppVersionRecord>(version =>
        {
            version.ToTable("nodeapp_versions");
            version.HasKey(v => v.Sequence);
            version.Property(v => v.Sequence).ValueGeneratedOnAdd();
            version.Property(v => v.NodeName).HasMaxLength(63);
            version.Property(v => v.App).HasMaxLength(63);
            version.Property(v => v.Scenario).HasMaxLength(63);
            version.Property(v => v.Hash).HasMaxLength(64);
            version.Property(v => v.Message).HasMaxLength(1000);
            version.Property(v => v.TaskId).HasMaxLength(32);
            version.HasIndex(v => new { v.Scenario, v.App, v.NodeName, v.Sequence });
            version.HasIndex(v => new { v.NodeName, v.Sequence });
        });

        modelBuilder.Entity<ScheduleRecord>(schedule =>
        {
            schedule.ToTable("schedules");
            schedule.HasKey(s => s.Id);
            schedule.Property(s => s.Id).HasMaxLength(32);
            schedule.Property(s => s.Kind).HasMaxLength(32);
            schedule.Property(s => s.Description).HasMaxLength(200);
            schedule.Property(s => s.CreatedBy).HasMaxLength(1040);
            schedule.Property(s => s.Account).HasMaxLength(1040);
            schedule.Property(s => s.Path).HasMaxLength(1040);
            schedule.Property(s => s.LastBatchId).HasMaxLength(32);
            schedule.HasIndex(s => new { s.Ended, s.NextRunAt });
        });

        modelBuilder.Entity<SchemaInfoRecord>(info =>
        {
            info.ToTable("schema_info");
            info.HasKey(i => i.Id);
            info.Property(i => i.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<JoinTokenRecord>(token =>
        {
            token.ToTable("join_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(32);
            token.Property(t => t.SecretHash).HasMaxLength(64);
            token.HasIndex(t => t.SecretHash).IsUnique();
            token.Property(t => t.Description).HasMaxLength(256);
        });

        modelBuilder.Entity<ApiTokenRecord>(token =>
        {
            token.ToTable("api_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(32);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.Property(t => t.Name).HasMaxLength(128);
            token.Property(t => t.Account).HasMaxLength(1040);
            token.HasIndex(t => t.Account);
        });

        modelBuilder.Entity<RevokedCertificateRecord>(revoked =>
        {
            revoked.ToTable("revoked_certificates");
            revoked.HasKey(r => r.Thumbprint);
            revoked.Property(r => r.Thumbprint).HasMaxLength(64);
            revoked.Property(r => r.NodeName).HasMaxLength(63);
            revoked.HasIndex(r => r.NodeName);
            revoked.Property(r => r.RevokedBy).HasMaxLength(128);
            revoked.Property(r => r.Reason).HasMaxLength(256);
        });

        modelBuilder.Entity<WorkgroupRecord>(group =>
        {
            group.ToTable("workgroups");
            group.HasKey(g => g.Path);
            group.Property(g => g.Path).HasMaxLength(1040);
            group.Property(g => g.PasswordHash).HasMaxLength(256);
            group.Property(g => g.AllowPatterns).HasMaxLength(AllowList.MaxStoredChars);
        });

        modelBuilder.Entity<AuditRecord>(entry =>
        {
            entry.ToTable("audit");
            entry.HasKey(a => a.Sequence);
            entry.Property(a => a.Sequence).ValueGeneratedOnAdd();
            entry.Property(a => a.Actor).HasMaxLength(1040);
            entry.Property(a => a.TokenId).HasMaxLength(32);
            entry.Property(a => a.Source).HasMaxLength(64);
            entry.Property(a => a.Action).HasMaxLength(64);
            entry.Property(a => a.Subject).HasMaxLength(AuditText.MaxSubjectChars);
            entry.Property(a => a.Targets).HasMaxLength(AuditText.MaxTargetsChars);
            entry.Property(a => a.Outcome).HasMaxLength(AuditText.MaxOutcomeChars);
            entry.Property(a => a.BatchId).HasMaxLength(32);
            entry.HasIndex(a => a.At);
            entry.HasIndex(a => new { a.Actor, a.Sequence });
        });

        modelBuilder.Entity<WorkgroupMemberRecord>(member =>
        {
            member.ToTable("workgroup_members");
            member.HasKey(m => new { m.Path, m.NodeName });
            member.Property(m => m.Path).HasMaxLength(1040);
            member.Property(m => m.NodeName).HasMaxLength(63);
            member.HasIndex(m => m.NodeName);
        });
    }

    private static TaskState ParseState(string value) => Enum.Parse<TaskState>(value, ignoreCase: true);
}
