namespace Factory.Ledger.Tests;

[Line]
[Step<Receive>]
public sealed partial class ReceiveLine;

[Line]
[Step<ReceiveV2>]
public sealed partial class ReceiveLineV2;
