using System.IO;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>The flight file every ledger keeps per start of a run (Relational's FlightFile): no database needed, so it runs once.</summary>
public sealed class FlightFileTests
{
    [Fact]
    public void A_flight_file_names_only_the_slots_still_working_on_something()
    {
        string folder = Directory.CreateTempSubdirectory("factory-flight-").FullName;
        try
        {
            string path = FlightFile.PathOf(Path.Combine(folder, "ledger.db"), "a run", 1);
            using (FlightFile flight = FlightFile.Create(path, slots: 2, start: 1))
            {
                flight.Begin(0, root: 41, materialId: 42, station: 1);
                flight.Begin(1, root: 7, materialId: 8, station: 0);
                flight.End(1);
                Assert.Equal([new FlightEntry(41, 42, 1)], FlightFile.Read(path));

                flight.Begin(1, root: 9, materialId: 10, station: 0);
                Assert.Equal([new FlightEntry(41, 42, 1), new FlightEntry(9, 10, 0)], FlightFile.Read(path));
                flight.Clear();
                Assert.Empty(FlightFile.Read(path));
            }

            Assert.False(File.Exists(path), "a start that ends deletes its flight file");
            Assert.Empty(FlightFile.Read(path));
            File.WriteAllText(path, "not a flight file");
            Assert.Empty(FlightFile.Read(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
