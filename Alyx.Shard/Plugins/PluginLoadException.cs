namespace Alyx.Shard.Plugins;

/// <summary>A plugin assembly could not be loaded; the message names the file and the fix.</summary>
public sealed class PluginLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
