using System.Collections.Generic;

namespace Factory.Ledger.Relational;

/// <summary>
/// The input and material rows of one batch held back until the batch's end, so that a row whose
/// outcome arrives in the same batch — most of them: a material passes a short line long before the
/// writer's batch is full — is written once, with its outcome, instead of inserted and then updated.
/// What is still held at the end is written as entered (<see cref="EventRows"/>). The lists keep the
/// order of entry; the maps find a held row by run and sequence (inputs) or id (materials).
/// </summary>
internal sealed class PendingRows
{
    private readonly List<HeldInput> inputs = [];
    private readonly List<HeldMaterial> materials = [];
    private readonly Dictionary<(RunRecorder Run, long Sequence), int> inputIndex = [];
    private readonly Dictionary<(RunRecorder Run, long Id), int> materialIndex = [];

    public void Clear()
    {
        inputs.Clear();
        materials.Clear();
        inputIndex.Clear();
        materialIndex.Clear();
    }

    public void HoldInput(RunRecorder run, long sequence, long materialId, string? hash)
    {
        if (inputIndex.TryAdd((run, sequence), inputs.Count))
        {
            inputs.Add(new HeldInput(run, sequence, materialId, hash));
        }
    }

    public void HoldMaterial(RunRecorder run, long id, long parentId, long root, long sequence, string? hash)
    {
        if (materialIndex.TryAdd((run, id), materials.Count))
        {
            materials.Add(new HeldMaterial(run, id, parentId, root, sequence, hash));
        }
    }

    /// <summary>Takes the held row of input <paramref name="sequence"/> (its hash), if there is one: its caller writes it.</summary>
    public bool TakeInput(RunRecorder run, long sequence, out string? hash)
    {
        hash = null;
        if (!inputIndex.Remove((run, sequence), out int index))
        {
            return false;
        }

        hash = inputs[index].Hash;
        inputs[index] = default;
        return true;
    }

    /// <summary>Takes the held row of material <paramref name="id"/> (its hash), if there is one: its caller writes it.</summary>
    public bool TakeMaterial(RunRecorder run, long id, out string? hash)
    {
        hash = null;
        if (!materialIndex.Remove((run, id), out int index))
        {
            return false;
        }

        hash = materials[index].Hash;
        materials[index] = default;
        return true;
    }

    /// <summary>Writes the rows still held, as entered (no outcome yet), in the order they came.</summary>
    public void WriteRest(BatchWriter sink)
    {
        foreach (HeldInput input in inputs)
        {
            if (input.Run is { } run)
            {
                sink.InsertInput(run.RunId, input.Sequence, input.MaterialId, input.Hash);
            }
        }

        foreach (HeldMaterial material in materials)
        {
            if (material.Run is { } run)
            {
                sink.InsertMaterial(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, material.Hash);
            }
        }

        Clear();
    }

    private readonly record struct HeldInput(RunRecorder? Run, long Sequence, long MaterialId, string? Hash);

    private readonly record struct HeldMaterial(RunRecorder? Run, long Id, long ParentId, long Root, long Sequence, string? Hash);
}
