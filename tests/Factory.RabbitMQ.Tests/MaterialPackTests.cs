using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace Factory.RabbitMQ.Tests;

/// <summary>Several materials in one message: each one's headers and body come back as they went in.</summary>
public sealed class MaterialPackTests
{
    [Fact]
    public void A_pack_gives_back_each_materials_headers_and_body_with_the_runs_headers()
    {
        var job = new JobOrder("job-7", "tenant-ü") { Permissions = System.Collections.Immutable.ImmutableHashSet.Create("read", "write") };
        PackedMaterial[] materials =
        [
            Material(MessageHeaders.For("run-1", new MaterialInfo(11, 0, 0, 0), 1, job, stationVersion: null), "{\"n\":1}"),
            Material(WithKind(MessageHeaders.For("run-1", new MaterialInfo(12, 5, 3, 1), 2, job, "v2"), MessageHeaders.Kinds.DeadLetter, "reason: ✗"), string.Empty),
            Material(MessageHeaders.For("run-1", new MaterialInfo(long.MaxValue, long.MinValue, 2, 3), 1, job, null), new string('x', 70_000)),
        ];

        (Dictionary<string, object?> headers, byte[] body) = MaterialPack.Write(materials);
        IReadOnlyList<PackedMaterial> read = MaterialPack.Read(headers, body);

        Assert.Equal(3L, MessageHeaders.Long(headers, MessageHeaders.Pack));
        Assert.Equal("run-1", MessageHeaders.Text(headers, MessageHeaders.RunId));
        Assert.Equal(materials.Length, read.Count);
        for (int i = 0; i < materials.Length; i++)
        {
            Assert.Equal(MessageHeaders.Material(materials[i].Headers), MessageHeaders.Material(read[i].Headers));
            Assert.Equal(
                materials[i].Headers!.Keys.Order(StringComparer.Ordinal),
                read[i].Headers!.Keys.Order(StringComparer.Ordinal));
            foreach (string name in materials[i].Headers!.Keys)
            {
                Assert.Equal(MessageHeaders.Text(materials[i].Headers, name), MessageHeaders.Text(read[i].Headers, name));
            }

            Assert.Equal(materials[i].Body.ToArray(), read[i].Body.ToArray());
        }
    }

    [Fact]
    public void Materials_of_two_starts_of_a_run_in_one_pack_keep_each_its_own_start()
    {
        var job = new JobOrder("job-7", "tenant");
        Dictionary<string, object?> cancelled = MessageHeaders.For("run-1", new MaterialInfo(11, 0, 0, 0), 1, job, stationVersion: null);
        cancelled[MessageHeaders.RunStart] = "aaaaaaaaaaaaaaaa";
        Dictionary<string, object?> again = MessageHeaders.For("run-1", new MaterialInfo(12, 0, 1, 1), 1, job, stationVersion: null);
        again[MessageHeaders.RunStart] = "bbbbbbbbbbbbbbbb";

        (Dictionary<string, object?> headers, byte[] body) = MaterialPack.Write([Material(cancelled, "{}"), Material(again, "{}")]);
        IReadOnlyList<PackedMaterial> read = MaterialPack.Read(headers, body);

        Assert.False(headers.ContainsKey(MessageHeaders.RunStart), "the start is not one for the whole pack");
        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], read.Select(m => MessageHeaders.Text(m.Headers, MessageHeaders.RunStart)));
        var controls = new RunControls();
        Assert.Equal([new MarkedStart("run-1", "aaaaaaaaaaaaaaaa"), new MarkedStart("run-1", "bbbbbbbbbbbbbbbb")], read.Select(m => controls.StartOf(m.Headers)));
    }

    [Fact]
    public void A_message_of_one_material_reads_as_itself()
    {
        Dictionary<string, object?> headers = MessageHeaders.For("run-1", new MaterialInfo(1, 0, 0, 0), 1, new JobOrder("j", "t"), null);
        byte[] body = Encoding.UTF8.GetBytes("{}");

        PackedMaterial only = Assert.Single(MaterialPack.Read(headers, body));

        Assert.Same(headers, only.Headers);
        Assert.Equal(body, only.Body.ToArray());
    }

    [Fact]
    public void A_cut_pack_is_a_format_error_naming_what_it_holds()
    {
        var job = new JobOrder("j", "t");
        (Dictionary<string, object?> headers, byte[] body) = MaterialPack.Write(
        [
            Material(MessageHeaders.For("run-1", new MaterialInfo(1, 0, 0, 0), 1, job, null), "1"),
            Material(MessageHeaders.For("run-1", new MaterialInfo(2, 0, 1, 1), 1, job, null), "2"),
        ]);

        FormatException cut = Assert.Throws<FormatException>(() => MaterialPack.Read(headers, body.AsMemory(0, body.Length - 1)));
        Assert.Contains("pack of 2 materials", cut.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => MaterialPack.Read(headers, body.Concat(new byte[] { 0 }).ToArray()));
    }

    [Fact]
    public void Headers_as_the_broker_hands_them_back_text_as_bytes_pack_and_read_as_text()
    {
        // What a worker received (RabbitMQ gives text headers as UTF-8 bytes) may be packed again as it is.
        var job = new JobOrder("job-1", "tenant-ß");
        PackedMaterial[] materials = Enumerable.Range(0, 3).Select(i =>
        {
            Dictionary<string, object?> headers = MessageHeaders.For("run-9", new MaterialInfo(100 + i, 0, i, i), 1, job, "v3");
            foreach (string name in headers.Keys.ToList())
            {
                if (headers[name] is string text)
                {
                    headers[name] = Encoding.UTF8.GetBytes(text);
                }
            }

            headers[MessageHeaders.Kind] = Encoding.UTF8.GetBytes(i == 1 ? "dead-letter" : MessageHeaders.Kinds.Output);
            return Material(headers, "{\"v\":" + i + "}");
        }).ToArray();

        (Dictionary<string, object?> headers, byte[] body) = MaterialPack.Write(materials);
        (_, byte[] rented, int length) = MaterialPack.WriteRented(materials);
        IReadOnlyList<PackedMaterial> read = MaterialPack.Read(headers, body);

        Assert.Equal(body, rented.AsSpan(0, length).ToArray());
        for (int i = 0; i < materials.Length; i++)
        {
            Assert.Equal("run-9", read[i].Headers![MessageHeaders.RunId]);
            Assert.Equal("tenant-ß", read[i].Headers![MessageHeaders.Tenant]);
            Assert.Equal("v3", read[i].Headers![MessageHeaders.StationVersion]);
            Assert.Equal(i == 1 ? "dead-letter" : "output", read[i].Headers![MessageHeaders.Kind]);
            Assert.Equal(new MaterialInfo(100 + i, 0, i, i), MessageHeaders.Material(read[i].Headers));
            Assert.Equal(materials[i].Body.ToArray(), read[i].Body.ToArray());
        }
    }

    private static PackedMaterial Material(Dictionary<string, object?> headers, string body) => new(headers, Encoding.UTF8.GetBytes(body));

    private static Dictionary<string, object?> WithKind(Dictionary<string, object?> headers, string kind, string reason)
    {
        headers[MessageHeaders.Kind] = kind;
        headers[MessageHeaders.Reason] = reason;
        return headers;
    }
}
