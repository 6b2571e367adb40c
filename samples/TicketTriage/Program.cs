using System;
using System.Threading;
using System.Threading.Tasks;
using TicketTriage;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Running;

if (!TriageOptions.TryParse(args, out TriageOptions options, out string? error))
{
    await Console.Error.WriteLineAsync(error + Environment.NewLine + Environment.NewLine + TriageOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(TriageOptions.Usage);
    return 0;
}

if (options.Mermaid)
{
    Console.WriteLine(TicketTriageLine.Mermaid);
    return 0;
}

if (options.MakeTrainingData)
{
    string path = options.TrainingDataOutput ?? SamplePaths.SourceTrainingFile;
    int count = options.Count ?? TicketGenerator.TrainingCount;
    TrainingData.Write(path, new TicketGenerator(TicketGenerator.TrainingSeed).GenerateTraining(count));
    Console.WriteLine($"wrote {count} training examples (seed {TicketGenerator.TrainingSeed}) to {SamplePaths.Display(path)}");
    return 0;
}

using var stop = new CancellationTokenSource();
if (options.Worker)
{
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    return await TriageWorker.RunAsync(options, Console.In, stop.Token);
}

if (options.Waiting)
{
    return await GateCommands.ListAsync(options, Console.Out, stop.Token);
}

if (options.Compare)
{
    return await CompareRunner.RunAsync(options, Console.Out, stop.Token);
}

if (options.AnswerReviews)
{
    return await ReviewAnswers.RunAsync(options, Console.Out, stop.Token);
}

if (options.IsGateCommand)
{
    return await GateCommands.DecideAsync(options, Console.Out, stop.Token);
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await TriageRunner.RunAsync(options, stop.Token);
