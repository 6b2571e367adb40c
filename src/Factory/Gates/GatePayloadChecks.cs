using System;
using System.Collections.Concurrent;
using Factory.Runtime;

namespace Factory.Gates;

/// <summary>
/// The payload checks this process knows, by payload type: what a store judges an edited payload with
/// when the run that parked the item is in another process. A run registers its gates' checks itself;
/// a process that only decides (a command line, a control room) registers the gates it lets people edit.
/// </summary>
public static class GatePayloadChecks
{
    private static readonly ConcurrentDictionary<string, GatePayloadCheck> Known = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers the check of a gate's payload type <typeparamref name="T"/>, made of the gate's generated
    /// work: <c>GatePayloadChecks.Register&lt;RefundDraft, ApproveRefund.GateWork&gt;(new ApproveRefund.GateWork(new ApproveRefund()))</c>.
    /// </summary>
    public static void Register<T, TWork>(TWork work)
        where TWork : struct, IGateWork<T>
    {
        Register(new GatePayloads<T, TWork>(work, TypeName(typeof(T))));
    }

    /// <summary>The check registered for the payload type named <paramref name="payloadType"/> (<see cref="Type.FullName"/>), or null.</summary>
    public static GatePayloadCheck? Find(string payloadType) => Known.TryGetValue(payloadType, out GatePayloadCheck? check) ? check : null;

    /// <summary>How a payload type is named in stores and in <see cref="Find"/>.</summary>
    public static string TypeName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.FullName ?? type.Name;
    }

    internal static void Register(GatePayloadCheck check)
    {
        if (check.ClrType is { } type)
        {
            Known[TypeName(type)] = check;
        }
    }
}
