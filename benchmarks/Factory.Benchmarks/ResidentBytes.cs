using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Factory.Benchmarks;

/// <summary>
/// The process's working set (resident bytes), read from <c>/proc/self/statm</c> into a buffer kept
/// for the purpose, so that sampling it allocates nothing. <c>Process.Refresh()</c> and
/// <c>WorkingSet64</c> allocate about 20 KB a sample (its thread list, strings, a file stream): at
/// 20 samples a second that was the only growth of the managed heap in S1's long run, and the pages
/// it touched were part of the rise the working set showed.
/// </summary>
internal sealed class ResidentBytes : IDisposable
{
    private readonly SafeFileHandle statm = File.OpenHandle("/proc/self/statm");
    private readonly byte[] buffer = new byte[256];

    /// <summary>Resident pages (statm's second field) times the page size.</summary>
    public long Read()
    {
        int read = RandomAccess.Read(statm, buffer, fileOffset: 0);
        int field = 0;
        long pages = 0;
        for (int i = 0; i < read; i++)
        {
            byte b = buffer[i];
            if (b == (byte)' ')
            {
                if (++field > 1)
                {
                    break;
                }
            }
            else if (field == 1)
            {
                pages = (pages * 10) + (b - (byte)'0');
            }
        }

        return pages * Environment.SystemPageSize;
    }

    public void Dispose() => statm.Dispose();
}
