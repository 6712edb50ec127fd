namespace Roadrunner.WebSockets.Handshake;

/// <summary>One extension in a Sec-WebSocket-Extensions list (RFC 6455 §9.1) with its parameters.</summary>
/// <param name="Name">The extension token, e.g. <c>permessage-deflate</c>.</param>
/// <param name="Parameters">Its parameters in order; a parameter without a value has a null value.</param>
/// <param name="IsWellFormed">False when the element broke the §9.1 grammar; such an offer is declined.</param>
internal sealed record ExtensionOffer(string Name, IReadOnlyList<KeyValuePair<string, string?>> Parameters, bool IsWellFormed);
