using System;
using System.Collections.Generic;
using System.Data.Common;
using Factory.Quality;

namespace Factory.Ledger.Relational;

/// <summary>
/// The SQL of quality control's tables (<c>samples</c>, <c>inspections</c>), the same text for every
/// database. A sample written again (a resumed run samples the same material again) keeps its first row.
/// </summary>
internal static class QualityRows
{
    /// <summary>The audit action of a tripped andon.</summary>
    public const string AndonAction = "quality.andon";

    /// <summary>The audit action of a review.</summary>
    public const string ReviewAction = "quality.review";

    /// <summary>The columns <see cref="ReadItem"/> reads, from <c>samples s</c> joined to <c>inspections i</c> (a review).</summary>
    public const string ItemSelect =
        "SELECT s.id, s.run_id, s.tenant, s.line, s.station, s.station_version, s.material_id, s.root, s.reason, s.input_type, s.input_json, s.output_type, s.output_json, s.sampled, s.status,"
        + " i.inspector, i.verdict, i.category, i.note, i.corrected_json, i.time"
        + " FROM samples s LEFT JOIN inspections i ON i.sample_id = s.id";

    public static void InsertSample(DbConnection connection, DbTransaction? transaction, RunRecorder run, QualitySample sample, string now)
    {
        (_, string? inputJson, string? inputType) = InputJson.Of(run, sample.Input);
        (_, string? outputJson, string? outputType) = InputJson.Of(run, sample.Output);
        Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO samples (run_id, tenant, line, station, station_version, material_id, root, reason, input_type, input_json, output_type, output_json, sampled, status)
            VALUES (@run, @tenant, @line, @station, @version, @material, @root, @reason, @input_type, @input, @output_type, @output, @sampled, 'open')
            ON CONFLICT (run_id, station, material_id) DO NOTHING
            """,
            ("@run", run.RunId),
            ("@tenant", run.Info.Job.Tenant),
            ("@line", run.Info.Line.Name),
            ("@station", sample.Station.Path),
            ("@version", sample.Station.FullVersion),
            ("@material", sample.Material.Id),
            ("@root", sample.Material.Root),
            ("@reason", sample.Reason.ToString()),
            ("@input_type", inputType ?? sample.Station.InputType),
            ("@input", inputJson),
            ("@output_type", outputType ?? sample.Station.OutputType),
            ("@output", outputJson),
            ("@sampled", now));
    }

    public static void InsertInspection(DbConnection connection, DbTransaction? transaction, RunRecorder run, Inspection inspection, string now) =>
        Insert(connection, transaction, null, run.RunId, run.Info.Job.Tenant, inspection.Station.Path, inspection.Station.FullVersion, inspection.Material.Id, inspection.Inspector, inspection.Result, null, now);

    /// <summary>A review of sample <paramref name="item"/>, and the sample marked reviewed.</summary>
    public static void InsertReview(DbConnection connection, DbTransaction transaction, ReviewItem item, string reviewer, InspectionResult result, string? corrected, string now)
    {
        Insert(connection, transaction, item.Id, item.RunId, item.Tenant, item.Station, item.StationVersion, item.MaterialId, reviewer, result, corrected, now);
        Sql.Execute(connection, transaction, "UPDATE samples SET status = 'reviewed' WHERE id = @id", ("@id", item.Id));
    }

    public static ReviewItem ReadItem(DbDataReader reader)
    {
        var item = new ReviewItem(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetInt64(6),
            reader.GetInt64(7),
            Enum.Parse<SampleReason>(reader.GetString(8)),
            reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.GetString(11),
            reader.IsDBNull(12) ? null : reader.GetString(12),
            Time.Parse(reader.GetString(13)),
            reader.GetString(14) == "reviewed" ? ReviewStatus.Reviewed : ReviewStatus.Open);
        if (reader.IsDBNull(15))
        {
            return item;
        }

        var result = new InspectionResult(
            VerdictOf(reader.GetString(16)),
            reader.IsDBNull(17) ? null : reader.GetString(17),
            reader.IsDBNull(18) ? null : reader.GetString(18));
        return item with { Review = new ReviewRecord(reader.GetString(15), result, reader.IsDBNull(19) ? null : reader.GetString(19), Time.Parse(reader.GetString(20))) };
    }

    private static void Insert(DbConnection connection, DbTransaction? transaction, long? sampleId, string run, string tenant, string station, string version, long materialId, string inspector, InspectionResult result, string? corrected, string now) =>
        Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO inspections (sample_id, run_id, tenant, station, station_version, material_id, inspector, verdict, category, note, corrected_json, time)
            VALUES (@sample, @run, @tenant, @station, @version, @material, @inspector, @verdict, @category, @note, @corrected, @time)
            """,
            ("@sample", sampleId),
            ("@run", run),
            ("@tenant", tenant),
            ("@station", station),
            ("@version", version),
            ("@material", materialId),
            ("@inspector", inspector),
            ("@verdict", result.IsDefect ? "defect" : "ok"),
            ("@category", result.Category),
            ("@note", result.Note),
            ("@corrected", corrected),
            ("@time", now));

    private static Verdict VerdictOf(string text) => text == "defect" ? Verdict.Defect : Verdict.Ok;
}
