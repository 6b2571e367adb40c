using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>A running part of a line: started once, done when its input is drained or the run ends.</summary>
internal interface IStage
{
    Task Start();
}
