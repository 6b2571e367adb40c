using System;

namespace Factory.Quality;

/// <summary>
/// Wires this <see cref="IInspector{TIn, TOut}"/> class to the station <typeparamref name="TStation"/>: every
/// line of the assembly that runs that station takes the inspector in its generated constructor (after
/// its steps; <c>services.Add{Assembly}Factory()</c> builds it like a station), and in every run the
/// inspector sees each output of the station. The build checks that the class inspects what the station
/// takes and gives (FCT0031), that <typeparamref name="TStation"/> is a station (FCT0032), and warns when
/// no line of the assembly runs it (FCT0033). Repeat the attribute to inspect several stations.
/// </summary>
/// <typeparam name="TStation">The <c>[Station]</c> or <c>[ThinkingUnit]</c> class whose outputs this inspects.</typeparam>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class InspectorAttribute<TStation> : Attribute
    where TStation : class
{
}
