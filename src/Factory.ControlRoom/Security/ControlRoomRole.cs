namespace Factory.ControlRoom;

/// <summary>What a person or key may do in the control room; each role may do everything the ones before it may.</summary>
public enum ControlRoomRole
{
    /// <summary>Reads runs, materials, dead letters, gates and the audit of its tenants.</summary>
    Viewer = 1,

    /// <summary>And pauses, resumes and cancels runs, replays and discards dead letters.</summary>
    Operator = 2,

    /// <summary>And decides at gates (the gate's own approver permissions still apply).</summary>
    Approver = 3,

    /// <summary>And sees the users and keys, and purges the ledger.</summary>
    Admin = 4,
}
