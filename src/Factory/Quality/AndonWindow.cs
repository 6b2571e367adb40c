using System.Threading;

namespace Factory.Quality;

/// <summary>
/// The last <see cref="AndonRule.Window"/> verdicts of one station, as a ring, and the defects among
/// them. Workers of a parallel station add under a lock: an inspection is rare next to the work.
/// </summary>
internal sealed class AndonWindow(AndonRule rule)
{
    private readonly bool[] defects = new bool[rule.Window];
    private readonly Lock gate = new();
    private int next;
    private int filled;
    private int count;
    private bool tripped;

    public AndonRule Rule { get; } = rule;

    /// <summary>Adds one verdict; returns the trip the first time the window holds more defects than the rule allows, else null.</summary>
    public (int Defects, int Inspected)? Add(bool defect)
    {
        lock (gate)
        {
            if (filled == defects.Length)
            {
                count -= defects[next] ? 1 : 0;
            }
            else
            {
                filled++;
            }

            defects[next] = defect;
            count += defect ? 1 : 0;
            next = (next + 1) % defects.Length;
            if (tripped || count <= Rule.Allowed)
            {
                return null;
            }

            tripped = true;
            return (count, filled);
        }
    }

    /// <summary>True once it tripped: a station routed to review sends every later output there.</summary>
    public bool Tripped
    {
        get
        {
            lock (gate)
            {
                return tripped;
            }
        }
    }
}
