using System;
using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>One material a worker took from a transport for a batch station: its value as JSON, and its identity.</summary>
/// <param name="Body">The value as UTF-8 JSON.</param>
/// <param name="Material">Its identity.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record RemoteInput(ReadOnlyMemory<byte> Body, MaterialInfo Material);
