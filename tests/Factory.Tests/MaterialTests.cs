using Xunit;

namespace Factory.Tests;

/// <summary>
/// <see cref="Material{T}.Store"/> copies a material field by field (a whole-struct copy into an array
/// costs several times more); a field it forgot would be lost on every belt.
/// </summary>
public sealed class MaterialTests
{
    [Fact]
    public void Store_copies_every_field_of_a_material_into_an_array_element()
    {
        var job = new JobOrder("material-tests");
        var trace = new object();
        var material = new Material<string>("value", id: 7, parentId: 3, sequence: 2, job, attempt: 4) { Root = 5, Trace = trace };
        var slots = new Material<string>[2];

        Material<string>.Store(ref slots[1], material);

        Material<string> stored = slots[1];
        Assert.Equal("value", stored.Value);
        Assert.Equal(7, stored.Id);
        Assert.Equal(3, stored.ParentId);
        Assert.Equal(2, stored.Sequence);
        Assert.Same(job, stored.Job);
        Assert.Equal(4, stored.Attempt);
        Assert.Equal(5, stored.Root);
        Assert.Same(trace, stored.Trace);
        Assert.Null(slots[0].Value);
    }

    [Fact]
    public void Store_overwrites_what_the_element_held()
    {
        var job = new JobOrder("material-tests");
        var slots = new[] { new Material<string>("old", 1, 1, 1, job, 2) { Root = 9, Trace = new object() } };

        Material<string>.Store(ref slots[0], Material<string>.Entering("new", 0, job));

        Assert.Equal("new", slots[0].Value);
        Assert.Equal(1, slots[0].Id);
        Assert.Equal(0, slots[0].ParentId);
        Assert.Equal(1, slots[0].Attempt);
        Assert.Equal(0, slots[0].Root);
        Assert.Null(slots[0].Trace);
    }
}
