namespace Factory.ControlRoom;

/// <summary>Marks an endpoint as the control room's, with its line in the permission table.</summary>
/// <param name="Name"><c>METHOD /pattern</c>, its key in <see cref="ControlRoomPermissions.Table"/>.</param>
/// <param name="Least">The least role that may call it; null for anyone.</param>
public sealed record ControlRoomEndpoint(string Name, ControlRoomRole? Least);
