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

    private static PackedMaterial Material(Dictionary<string, object?> headers, string body) => new(headers, Encoding.UTF8.GetBytes(body));

    private static Dictionary<string, object?> WithKind(Dictionary<string, object?> headers, string kind, string reason)
    {
        headers[MessageHeaders.Kind] = kind;
        headers[MessageHeaders.Reason] = reason;
        return headers;
    }
}
