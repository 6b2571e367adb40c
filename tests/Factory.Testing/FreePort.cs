using System.Net;
using System.Net.Sockets;

namespace Factory.Testing;

/// <summary>A TCP port on 127.0.0.1 that nothing listens on: the kernel picks it, we let go of it.</summary>
internal static class FreePort
{
    internal static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
