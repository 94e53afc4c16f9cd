namespace Octopoda.Protocol.Agent;

/// <summary>The Brain asks for a resource sample; the reply is a <see cref="StatusReport"/> with the same correlation.</summary>
public sealed record StatusRequest;
