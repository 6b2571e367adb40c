using System.Collections.Generic;

namespace Factory.Ledger.Relational;

/// <summary>
/// The input and material rows of a batch held back until the batch's end, so that a row whose
/// outcome arrives in the same batch — most of them: a material passes a short line long before the
/// writer's batch is full — is written once, with its outcome, instead of inserted and then updated.
/// A row still without its outcome at the end of a batch that another follows at once (events are
/// waiting) is carried into that next one, once: the materials in the line when a batch was cut
/// finish in the next, so they too are written once (a quarter of a busy writer's rows were
/// written twice before). What is still held after that, or at the end of a batch nothing follows,
/// is written as entered (<see cref="EventRows"/>). The lists keep the order of entry; the maps
/// find a held row by run and sequence (inputs) or id (materials).
/// </summary>
internal sealed class PendingRows
{
    private readonly List<HeldInput> inputs = [];
    private readonly List<HeldMaterial> materials = [];
    private readonly Dictionary<(RunRecorder Run, long Sequence), int> inputIndex = [];
    private readonly Dictionary<(RunRecorder Run, long Id), int> materialIndex = [];

    public void HoldInput(RunRecorder run, long sequence, long materialId, string? hash)
    {
        if (inputIndex.TryAdd((run, sequence), inputs.Count))
        {
            inputs.Add(new HeldInput(run, sequence, materialId, hash, false));
        }
    }

    public void HoldMaterial(RunRecorder run, long id, long parentId, long root, long sequence, string? hash)
    {
        if (materialIndex.TryAdd((run, id), materials.Count))
        {
            materials.Add(new HeldMaterial(run, id, parentId, root, sequence, hash, false));
        }
    }

    /// <summary>Adds the runs of the rows held (carried from the last batch) to <paramref name="runs"/>: the batch writes for them too.</summary>
    public void AddRuns(HashSet<RunRecorder> runs)
    {
        foreach (HeldInput input in inputs)
        {
            if (input.Run is { } run)
            {
                runs.Add(run);
            }
        }

        foreach (HeldMaterial material in materials)
        {
            if (material.Run is { } run)
            {
                runs.Add(run);
            }
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

    /// <summary>
    /// At the end of a batch: writes the rows still held, as entered (no outcome yet), in the order they
    /// came; when <paramref name="carry"/>, those held since this batch only are kept for the next. Rows of
    /// a run whose lease is lost are dropped, as its events are.
    /// </summary>
    public void WriteRest(BatchWriter sink, bool carry)
    {
        inputIndex.Clear();
        int kept = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            HeldInput input = inputs[i];
            if (input.Run is not { LeaseLost: null } run)
            {
                continue;
            }

            if (carry && !input.Carried)
            {
                inputIndex[(run, input.Sequence)] = kept;
                inputs[kept++] = input with { Carried = true };
            }
            else
            {
                sink.InsertInput(run.RunId, input.Sequence, input.MaterialId, input.Hash);
            }
        }

        inputs.RemoveRange(kept, inputs.Count - kept);
        materialIndex.Clear();
        kept = 0;
        for (int i = 0; i < materials.Count; i++)
        {
            HeldMaterial material = materials[i];
            if (material.Run is not { LeaseLost: null } run)
            {
                continue;
            }

            if (carry && !material.Carried)
            {
                materialIndex[(run, material.Id)] = kept;
                materials[kept++] = material with { Carried = true };
            }
            else
            {
                sink.InsertMaterial(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, material.Hash);
            }
        }

        materials.RemoveRange(kept, materials.Count - kept);
    }

    private readonly record struct HeldInput(RunRecorder? Run, long Sequence, long MaterialId, string? Hash, bool Carried);

    private readonly record struct HeldMaterial(RunRecorder? Run, long Id, long ParentId, long Root, long Sequence, string? Hash, bool Carried);
}
