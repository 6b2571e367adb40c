using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>The accounting behind "every input has exactly one outcome", event orders the runtime can produce included.</summary>
public sealed class RootTrackerTests
{
    private static StationDescriptor Explode => AssemblyLine.Descriptor.Stations[0];

    [Fact]
    public void A_one_to_one_input_is_done_when_delivered()
    {
        var tracker = new RootTracker(OrderLine.Descriptor);
        Assert.True(tracker.Enter(0));
        Assert.False(tracker.Enter(0));
        Assert.Equal(new RootOutcome(0, InputOutcome.Delivered, 1, 0, 0), tracker.Delivered(0));
        Assert.Equal(0, tracker.InFlight);
    }

    [Fact]
    public void An_empty_group_gathered_before_its_split_is_reported_still_ends_once()
    {
        // The gather hears of the split before the observer does: Gathered(0 arrived), Delivered, then Split(0 children).
        var tracker = new RootTracker(AssemblyLine.Descriptor);
        tracker.Enter(5);
        Assert.Null(tracker.Gathered(5, arrived: 0));
        Assert.Null(tracker.Delivered(5));
        Assert.Equal(InputOutcome.Delivered, tracker.Split(5, Explode, children: 0)!.Value.Outcome);
    }

    [Fact]
    public void Children_that_all_fail_do_not_end_the_input_before_their_empty_group_is_delivered()
    {
        var tracker = new RootTracker(AssemblyLine.Descriptor);
        tracker.Enter(1);
        Assert.Null(tracker.Split(1, Explode, children: 2));
        Assert.Null(tracker.DeadLettered(1, "Polish"));
        Assert.Null(tracker.DeadLettered(1, "Polish"));
        Assert.Null(tracker.Gathered(1, arrived: 0));
        Assert.Equal(new RootOutcome(1, InputOutcome.DeadLettered, 1, 2, 0), tracker.Delivered(1));
    }

    [Fact]
    public void A_split_without_a_gather_ends_with_its_last_child_or_at_once_when_empty()
    {
        var tracker = new RootTracker(ExplodeLine.Descriptor);
        tracker.Enter(0);
        Assert.Equal(InputOutcome.Filtered, tracker.Split(0, Explode, children: 0)!.Value.Outcome);
        tracker.Enter(1);
        Assert.Null(tracker.Split(1, Explode, children: 2));
        Assert.Null(tracker.Delivered(1));
        Assert.Equal(InputOutcome.DeadLettered, tracker.DeadLettered(1, "Polish")!.Value.Outcome);
    }

    [Fact]
    public void A_refusal_at_the_entry_is_an_outcome_and_unknown_roots_are_counted_not_ended()
    {
        var tracker = new RootTracker(OrderLine.Descriptor);
        Assert.Equal(InputOutcome.DeadLettered, tracker.DeadLettered(9, RootTracker.EntryStation)!.Value.Outcome);
        Assert.Null(tracker.Delivered(10));
        Assert.Equal(1, tracker.Anomalies);
    }

    [Fact]
    public void An_input_is_held_each_time_its_every_material_left_waits_at_a_gate_and_not_before()
    {
        var tracker = new RootTracker(ExplodeLine.Descriptor);
        var first = new Gates.GateItemKey("r", "Gate", 10);
        var second = new Gates.GateItemKey("r", "Gate", 11);
        tracker.Enter(1);
        Assert.Null(tracker.Split(1, Explode, children: 2));
        tracker.Parked(1, first);
        Assert.False(tracker.TryTakeHeld(1, out _), "its sibling is still in a station");
        tracker.Parked(1, second);
        Assert.True(tracker.TryTakeHeld(1, out HeldRoot? both));
        Assert.Equal([first, second], both.Items);
        Assert.False(tracker.TryTakeHeld(1, out _), "nothing moved since");

        // The first is sent on: held again only once its output left, with that output counted.
        tracker.SentOn(1, first);
        Assert.False(tracker.TryTakeHeld(1, out _));
        Assert.Null(tracker.Delivered(1));
        Assert.True(tracker.TryTakeHeld(1, out HeldRoot? rest));
        Assert.Equal((1, 0, 0), (rest.Delivered, rest.DeadLettered, rest.Discarded));
        Assert.Equal([second], rest.Items);

        // A later start takes it up there: the last output ends it with both counted.
        var again = new RootTracker(ExplodeLine.Descriptor);
        again.Restore(rest);
        Assert.False(again.TryTakeHeld(1, out _), "restored as held: nothing to write again");
        again.SentOn(1, second);
        Assert.Equal(new RootOutcome(1, InputOutcome.Delivered, 2, 0, 0), again.Delivered(1));
    }

    [Fact]
    public void An_input_whose_gather_still_waits_is_never_held()
    {
        var tracker = new RootTracker(AssemblyLine.Descriptor);
        tracker.Enter(1);
        Assert.Null(tracker.Split(1, Explode, children: 1));
        tracker.Parked(1, new Gates.GateItemKey("r", "Gate", 10));
        Assert.False(tracker.TryTakeHeld(1, out _));
    }
}
