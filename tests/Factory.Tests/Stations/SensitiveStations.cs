using System.Collections.Generic;
using System.Linq;

namespace Factory.Tests.Stations;

/// <summary>A patient: the name is sensitive.</summary>
public sealed record Patient(string Id, [property: Sensitive] string Name);

/// <summary>A diagnosis: the note quotes the patient, so it is sensitive too.</summary>
public sealed record Diagnosis(string Id, [property: Sensitive] string Note, int Code);

/// <summary>Writes a diagnosis that quotes the patient's name.</summary>
[Station]
public sealed partial class Diagnose
{
    public Diagnosis Process(Patient input) => new(input.Id, "seen: " + input.Name, input.Name.Length);
}

/// <summary>One station whose input and output both have [Sensitive] members.</summary>
[Line]
[Step<Diagnose>]
public sealed partial class Clinic;

/// <summary><see cref="Diagnose"/> in batches.</summary>
[Station(BatchSize = 2)]
public sealed partial class DiagnoseInBatches
{
    public IReadOnlyList<Diagnosis> Process(IReadOnlyList<Patient> inputs) =>
        [.. inputs.Select(input => new Diagnosis(input.Id, "seen: " + input.Name, input.Name.Length))];
}

/// <summary>One batch station whose input and output both have [Sensitive] members.</summary>
[Line]
[Step<DiagnoseInBatches>]
public sealed partial class BatchClinic;
