using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using TicketTriage.Serialization;

namespace TicketTriage.Data;

/// <summary>Reads and writes the labeled training file (<c>data/train.jsonl</c>: one <see cref="TrainingExample"/> per line).</summary>
public static class TrainingData
{
    /// <summary>The training file's name inside the sample's <c>data</c> folder.</summary>
    public const string FileName = "train.jsonl";

    /// <summary>Reads every example of the file at <paramref name="path"/>; blank lines are skipped.</summary>
    public static IReadOnlyList<TrainingExample> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var examples = new List<TrainingExample>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            TrainingExample? example;
            try
            {
                example = JsonSerializer.Deserialize(line, TriageJsonContext.Lines.TrainingExample);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{path}:{number}: not a training example: {exception.Message}", exception);
            }

            if (example is null || string.IsNullOrEmpty(example.Category) || example.Text is null)
            {
                throw new InvalidDataException($"{path}:{number}: a training example needs a category and a text.");
            }

            examples.Add(example);
        }

        return examples;
    }

    /// <summary>Writes <paramref name="examples"/> to <paramref name="path"/>, one per line.</summary>
    public static void Write(string path, IEnumerable<TrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        using var writer = new JsonLinesWriter<TrainingExample>(path, TriageJsonContext.Lines.TrainingExample);
        foreach (TrainingExample example in examples)
        {
            writer.Write(example);
        }
    }
}
