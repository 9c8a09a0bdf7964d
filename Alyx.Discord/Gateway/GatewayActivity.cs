namespace Alyx.Discord.Gateway;

/// <summary>An activity shown in the bot's presence.</summary>
/// <param name="Name">The activity name.</param>
/// <param name="Type">0 playing, 1 streaming, 2 listening, 3 watching, 4 custom, 5 competing.</param>
public sealed record GatewayActivity(string Name, int Type = 0);
