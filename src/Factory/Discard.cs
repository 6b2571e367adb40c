namespace Factory;

/// <summary>
/// The route target that drops a case on purpose: <c>[Route&lt;Spam, Discard&gt;]</c>. Discarded
/// materials are counted and recorded with the reason "discarded by route"; they are not dead letters.
/// </summary>
public sealed class Discard
{
    private Discard()
    {
    }
}
