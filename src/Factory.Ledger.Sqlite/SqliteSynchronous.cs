namespace Factory.Ledger.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c>: how hard a commit waits for the disk.</summary>
public enum SqliteSynchronous
{
    /// <summary>Never waits: a crash of the process is survived (WAL), a crash of the machine or power loss can corrupt or lose recent commits.</summary>
    Off = 0,

    /// <summary>Waits at checkpoints only: a crash of the process loses nothing; power loss can lose the last commits (never corrupts, in WAL).</summary>
    Normal = 1,

    /// <summary>Waits for every commit to reach the disk: nothing committed is lost, not even on power loss.</summary>
    Full = 2,
}
