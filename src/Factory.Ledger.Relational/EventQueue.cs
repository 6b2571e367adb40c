using System.Collections.Generic;
using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>
/// The writer's queue: events in segments of <see cref="SegmentLength"/>, many posting threads, one
/// reader. A segment the reader has emptied goes back to a pool the ledgers of the process share,
/// so a backlog (up to <see cref="RecorderSettings.MaxPending"/> events of 168 bytes) is allocated
/// once, not again for every run as the segments of an unbounded channel were (they grow by
/// doubling and are dropped once read: about 880 bytes per material at <c>Full</c>). One lock, held
/// by a poster for one copy and by the reader for a batch's; the reader waits on it when there is nothing to read.
/// </summary>
internal sealed class EventQueue
{
    public const int SegmentLength = 256;

    // About 280,000 events: the default MaxPending's backlog, kept for the next run or ledger (about 47 MB at most).
    private const int MostPooled = 1_100;

    private static readonly Stack<Segment> Pool = new();

    private readonly object gate = new();
    private Segment? head;
    private Segment? tail;
    private bool completed;
    private bool readerWaiting;

    /// <summary>Queues <paramref name="item"/>; false once the queue is completed.</summary>
    public bool TryWrite(in LedgerEvent item)
    {
        lock (gate)
        {
            if (completed)
            {
                return false;
            }

            if (tail is null || tail.Written == SegmentLength)
            {
                Segment next = Rent();
                if (tail is null)
                {
                    head = next;
                }
                else
                {
                    tail.Next = next;
                }

                tail = next;
            }

            tail.Items[tail.Written++] = item;
            if (readerWaiting)
            {
                Monitor.Pulse(gate);
            }

            return true;
        }
    }

    /// <summary>Moves the oldest events into <paramref name="batch"/> until it holds <paramref name="most"/>, or none is left. Reader only.</summary>
    public void ReadInto(List<LedgerEvent> batch, int most)
    {
        lock (gate)
        {
            while (batch.Count < most && head is { } segment)
            {
                if (segment.Read < segment.Written)
                {
                    // The slot is cleared so the queue keeps no run, value or letter alive.
                    batch.Add(segment.Items[segment.Read]);
                    segment.Items[segment.Read++] = default;
                    continue;
                }

                if (segment.Next is null)
                {
                    // The last segment, emptied: written again from its start.
                    segment.Read = segment.Written = 0;
                    break;
                }

                head = segment.Next;
                Return(segment);
            }
        }
    }

    /// <summary>Waits until there is an event to read (true) or the queue is completed and empty (false). Reader only.</summary>
    public bool WaitToRead()
    {
        lock (gate)
        {
            while (IsEmpty && !completed)
            {
                readerWaiting = true;
                Monitor.Wait(gate);
                readerWaiting = false;
            }

            if (!IsEmpty)
            {
                return true;
            }

            // Completed and read to the end: the segments go back to the pool.
            for (Segment? segment = head; segment is not null; segment = segment.Next)
            {
                Return(segment);
            }

            head = tail = null;
            return false;
        }
    }

    /// <summary>True when events are waiting to be read now: the writer's next batch follows at once.</summary>
    public bool HasWaiting
    {
        get
        {
            lock (gate)
            {
                return !IsEmpty;
            }
        }
    }

    /// <summary>No more events: posts are refused; the reader reads what is queued, then stops waiting.</summary>
    public void Complete()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
    }

    private bool IsEmpty => head is null || (head.Read == head.Written && head.Next is null);

    private static Segment Rent()
    {
        lock (Pool)
        {
            if (Pool.TryPop(out Segment? segment))
            {
                return segment;
            }
        }

        return new Segment();
    }

    private static void Return(Segment segment)
    {
        segment.Read = segment.Written = 0;
        segment.Next = null;
        lock (Pool)
        {
            if (Pool.Count < MostPooled)
            {
                Pool.Push(segment);
            }
        }
    }

    private sealed class Segment
    {
        public readonly LedgerEvent[] Items = new LedgerEvent[SegmentLength];

        public int Written;

        public int Read;

        public Segment? Next;
    }
}
