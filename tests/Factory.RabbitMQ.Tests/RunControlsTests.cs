using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;
using Xunit;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// What a worker makes of the control messages of a run started again with its id: each start is told apart
/// by its mark, whatever order the control queue and the station queues deliver in. No broker: the messages'
/// orders the broker allows but seldom shows, made on purpose.
/// </summary>
public sealed class RunControlsTests
{
    private static readonly MarkedStart Cancelled = new("run-1", "aaaaaaaaaaaaaaaa");
    private static readonly MarkedStart Again = new("run-1", "bbbbbbbbbbbbbbbb");

    [Fact]
    public async Task A_material_of_the_next_start_that_comes_before_its_first_word_waits_for_it_and_is_worked_on()
    {
        var controls = new RunControls();
        controls.Apply(Cancelled, ControlMessages.Resume);
        controls.Apply(Cancelled, ControlMessages.Cancel);

        ValueTask<bool> ended = controls.EndedAsync(Headers(Again), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(ended.IsCompleted, "the material waits to hear of its start");

        controls.Apply(Again, ControlMessages.Resume);
        Assert.False(await ended.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await controls.EndedAsync(Headers(Cancelled), CancellationToken.None));
        Assert.Equal(1, controls.Dropped);
    }

    [Fact]
    public async Task A_cancel_said_late_of_the_start_before_ends_that_start_alone()
    {
        var controls = new RunControls();
        controls.Apply(Cancelled, ControlMessages.Resume);
        controls.Apply(Again, ControlMessages.Resume);
        controls.Apply(Cancelled, ControlMessages.Cancel);

        Assert.False(await controls.EndedAsync(Headers(Again), CancellationToken.None));
        Assert.True(await controls.EndedAsync(Headers(Cancelled), CancellationToken.None));
    }

    [Fact]
    public async Task A_pause_holds_its_start_alone()
    {
        var controls = new RunControls();
        controls.Apply(Cancelled, ControlMessages.Pause);
        controls.Apply(Again, ControlMessages.Resume);

        ValueTask<bool> held = controls.EndedAsync(Headers(Cancelled), CancellationToken.None);
        Assert.False(await controls.EndedAsync(Headers(Again), CancellationToken.None));
        await Task.Delay(100);
        Assert.False(held.IsCompleted, "the paused start's material waits");

        controls.Apply(Cancelled, ControlMessages.Resume);
        Assert.False(await held.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_marked_start_stays_ended_when_a_state_is_said_of_it_after_its_cancel()
    {
        var controls = new RunControls();
        var startedAgain = new List<MarkedStart>();
        controls.StartedAgain += startedAgain.Add;
        controls.Apply(Cancelled, ControlMessages.Cancel);
        controls.Apply(Cancelled, ControlMessages.Resume);

        Assert.True(await controls.EndedAsync(Headers(Cancelled), CancellationToken.None));
        Assert.Empty(startedAgain);
    }

    [Fact]
    public async Task A_run_of_a_caller_that_marks_no_starts_is_started_again_by_a_state_said_after_its_cancel()
    {
        var controls = new RunControls();
        var unmarked = new MarkedStart("run-2", string.Empty);
        var startedAgain = new List<MarkedStart>();
        controls.StartedAgain += startedAgain.Add;
        var headers = new Dictionary<string, object?> { [MessageHeaders.RunId] = "run-2" };

        controls.Apply(headers, ControlMessages.Cancel);
        Assert.True(await controls.EndedAsync(headers, CancellationToken.None));

        controls.Apply(headers, ControlMessages.Resume);
        Assert.False(await controls.EndedAsync(headers, CancellationToken.None));
        Assert.Equal([unmarked], startedAgain);
    }

    [Fact]
    public void Each_start_of_a_caller_draws_a_mark_of_its_own()
    {
        var marks = new HashSet<string>();
        for (int i = 0; i < 1_000; i++)
        {
            string mark = MarkedStart.NewMark();
            Assert.Equal(16, mark.Length);
            Assert.True(marks.Add(mark), $"mark {mark} drawn twice");
        }
    }

    [Fact]
    public async Task Starts_long_unheard_of_are_forgotten_an_ended_one_after_a_day_but_never_a_paused_one()
    {
        var clock = new ManualClock();
        var controls = new RunControls(clock);
        var forgotten = new List<MarkedStart>();
        controls.Forgotten += forgotten.Add;
        var gone = new List<MarkedStart>();
        var cancelled = new List<MarkedStart>();
        for (int i = 0; i < 1_000; i++)
        {
            // Runs whose callers went silent (they died), and runs cancelled.
            var start = new MarkedStart("gone-" + i, MarkedStart.NewMark());
            controls.Apply(start, ControlMessages.Resume);
            Assert.False(await controls.EndedAsync(Headers(start), CancellationToken.None));
            gone.Add(start);
            var ended = new MarkedStart("cancelled-" + i, MarkedStart.NewMark());
            controls.Apply(ended, ControlMessages.Resume);
            controls.Apply(ended, ControlMessages.Cancel);
            cancelled.Add(ended);
        }

        var paused = new MarkedStart("paused", MarkedStart.NewMark());
        var going = new MarkedStart("going", MarkedStart.NewMark());
        controls.Apply(paused, ControlMessages.Pause);
        controls.Apply(going, ControlMessages.Resume);
        Assert.Equal(2_002, controls.Remembered);

        // Its caller says a live run's state every 2 s (here once a minute); nothing is said of the others.
        void Minutes(int count)
        {
            for (int minute = 0; minute < count; minute++)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                controls.Apply(going, ControlMessages.Resume);
            }
        }

        Minutes(11);
        Assert.Equal(1_002, controls.Remembered);
        Assert.True(forgotten.ToHashSet().SetEquals(gone), "after 10 minutes, exactly the starts neither paused nor ended are forgotten");

        // A cancelled start's leftovers are still dropped: its end is kept for a day.
        Assert.True(await controls.EndedAsync(Headers(cancelled[0]), CancellationToken.None));
        Minutes((24 * 60) + 1);
        Assert.Equal(2, controls.Remembered);
        Assert.Equal(2_000, forgotten.Count);
        Assert.DoesNotContain(paused, forgotten);
        Assert.DoesNotContain(going, forgotten);
        ValueTask<bool> held = controls.EndedAsync(Headers(paused), CancellationToken.None);
        Assert.False(held.IsCompleted, "the paused start still holds its deliveries");
        controls.Apply(paused, ControlMessages.Resume);
        Assert.False(await held.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_material_with_no_mark_made_from_a_marked_one_by_an_earlier_worker_belongs_to_the_start_its_caller_spoke_of()
    {
        var controls = new RunControls();
        controls.Apply(Again, ControlMessages.Resume);
        var unmarked = new Dictionary<string, object?> { [MessageHeaders.RunId] = Again.RunId };

        Assert.Equal(Again, controls.StartOf(unmarked));
        Assert.False(await controls.EndedAsync(unmarked, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        controls.Apply(Again, ControlMessages.Cancel);
        Assert.True(await controls.EndedAsync(unmarked, CancellationToken.None));
        Assert.Equal(new MarkedStart("never-marked", string.Empty), controls.StartOf(new Dictionary<string, object?> { [MessageHeaders.RunId] = "never-marked" }));
    }

    [Fact]
    public void A_worker_lets_go_of_its_join_of_a_start_once_it_is_forgotten_and_keeps_one_whose_materials_still_come()
    {
        var clock = new ManualClock();
        var runs = new WorkerRuns(Steady.Descriptor, new LineWorkerOptions { Broker = new Uri("amqp://localhost/"), Json = BranchingJson.Default }, clock);
        var gone = new MarkedStart("gone", MarkedStart.NewMark());
        var busy = new MarkedStart("busy", MarkedStart.NewMark());
        RemoteScope first = runs.For(MaterialHeaders(gone));
        Assert.Same(first, runs.For(MaterialHeaders(gone)));

        // Only materials (dead letters, suspects) of the busy start come, and no word of its caller.
        for (int minute = 0; minute < 11; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            runs.For(MaterialHeaders(busy));
        }

        Assert.Equal(1, runs.Joined);
        Assert.NotSame(first, runs.For(MaterialHeaders(gone)));
    }

    private static Dictionary<string, object?> MaterialHeaders(MarkedStart start)
    {
        Dictionary<string, object?> headers = MessageHeaders.For(start.RunId, new MaterialInfo(1, 0, 0, 0), 1, new JobOrder("job", "tenant"), stationVersion: null);
        headers[MessageHeaders.RunStart] = start.Mark;
        return headers;
    }

    private static Dictionary<string, object?> Headers(MarkedStart start) => new()
    {
        [MessageHeaders.RunId] = start.RunId,
        [MessageHeaders.RunStart] = start.Mark,
    };
}
