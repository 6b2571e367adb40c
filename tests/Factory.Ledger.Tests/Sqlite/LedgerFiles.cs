using System;
using System.IO;

namespace Factory.Ledger.Tests;

/// <summary>Copies of the ledger files in Data/ (written by earlier versions of Factory) in a temporary folder of their own.</summary>
internal sealed class LedgerFiles : IDisposable
{
    /// <summary>Written by main at commit 5ba801a (schema 1): run "run-main" of the crash host's line, 30 inputs, 5 dead letters, 97 attempts.</summary>
    public const string Main = "ledger-schema-main.db";

    public LedgerFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "factory-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>A fresh copy of Data/<paramref name="name"/>; its path.</summary>
    public string Copy(string name)
    {
        string path = Path.Combine(Folder, name);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", name), path, overwrite: true);
        return path;
    }

    /// <summary>The path of a file that does not exist yet.</summary>
    public string New(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the temp folder is cleaned by the OS.
        }
    }
}
