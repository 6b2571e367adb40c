using System.Collections.Generic;
using System.Globalization;

namespace Factory.Tests.Stations;

[Station]
public sealed partial class AddOne
{
    public int Process(int input) => input + 1;
}

[Station]
public sealed partial class Twice
{
    public int Process(int input) => input * 2;
}

[Station]
public sealed partial class Negate
{
    public int Process(int input) => -input;
}

[Station(Version = "3")]
public sealed partial class Show
{
    public string Process(int input) => input.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One in, many out: n copies of n.</summary>
[Station]
public sealed partial class Repeat
{
    public IEnumerable<int> Process(int input)
    {
        for (int i = 0; i < input; i++)
        {
            yield return input;
        }
    }
}

/// <summary>A filter: even numbers pass, odd ones give nothing.</summary>
[Station]
public sealed partial class EvensOnly
{
    public IEnumerable<int> Process(int input)
    {
        if (input % 2 == 0)
        {
            yield return input;
        }
    }
}

/// <summary><see cref="Twice"/> in batches, under the same name: sampling chooses its materials as it chooses Twice's.</summary>
[Station(Name = "Twice", BatchSize = 64, Parallelism = 2)]
public sealed partial class TwiceInBatches
{
    public IReadOnlyList<int> Process(IReadOnlyList<int> inputs)
    {
        var outputs = new int[inputs.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = inputs[i] * 2;
        }

        return outputs;
    }
}
