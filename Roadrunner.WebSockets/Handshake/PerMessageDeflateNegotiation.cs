using System.Text;
using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.WebSockets.Handshake;

/// <summary>
/// permessage-deflate negotiation (RFC 7692 §5, §7.1): the server's choice among the client's offers and the
/// response element it answers with; and, for a client, reading that response.
/// </summary>
internal static class PerMessageDeflateNegotiation
{
    /// <summary>The extension token (RFC 7692 §7).</summary>
    public const string ExtensionName = "permessage-deflate";

    private const string ServerNoContextTakeover = "server_no_context_takeover";
    private const string ClientNoContextTakeover = "client_no_context_takeover";
    private const string ServerMaxWindowBits = "server_max_window_bits";
    private const string ClientMaxWindowBits = "client_max_window_bits";

    /// <summary>
    /// Picks the first acceptable permessage-deflate offer (RFC 7692 §5: "the server ... accepts ... the first
    /// acceptable offer"); returns false when none is, and the extension is then not used.
    /// </summary>
    public static bool TryAccept(
        IReadOnlyList<ExtensionOffer> offers,
        PerMessageDeflateOptions options,
        out PerMessageDeflateParameters agreed,
        out string response)
    {
        foreach (var offer in offers)
        {
            if (!offer.Name.Equals(ExtensionName, StringComparison.OrdinalIgnoreCase)) continue;
            if (!offer.IsWellFormed || !TryReadOffer(offer, out var offered)) continue; // declined: invalid parameters
            if (offered.ServerWindow < 15 && !options.AcceptSmallServerWindow) continue;

            agreed = new PerMessageDeflateParameters
            {
                // §7.1.1.1: the server accepts server_no_context_takeover by echoing it; it may also choose it alone.
                ServerNoContextTakeover = offered.ServerNoContextTakeover || options.ServerNoContextTakeover,
                // §7.1.1.2: the server may include client_no_context_takeover whether or not it was offered.
                ClientNoContextTakeover = offered.ClientNoContextTakeover || options.ClientNoContextTakeover,
                // §7.1.2.1: accepted by answering the same or a smaller value; we answer the same.
                ServerMaxWindowBits = offered.ServerWindow,
                // §7.1.2.2: the client's window is only limited when we say so; our inflater takes any window, so
                // the client keeps what it offered (a value there is a hint of what it will use).
                ClientMaxWindowBits = offered.ClientWindow ?? 15,
            };

            var text = new StringBuilder(ExtensionName);
            if (agreed.ServerNoContextTakeover) text.Append("; ").Append(ServerNoContextTakeover);
            if (agreed.ClientNoContextTakeover) text.Append("; ").Append(ClientNoContextTakeover);
            if (offered.ServerWindowOffered) text.Append("; ").Append(ServerMaxWindowBits).Append('=').Append(offered.ServerWindow);
            response = text.ToString();
            return true;
        }
        agreed = default;
        response = "";
        return false;
    }

    /// <summary>
    /// For a client: reads the server's permessage-deflate response element (RFC 7692 §7.1). False when the
    /// response has no such element or an invalid one (the client must then fail the connection, §5).
    /// </summary>
    public static bool TryReadResponse(string? header, out PerMessageDeflateParameters agreed)
    {
        agreed = default;
        var elements = ExtensionHeaderParser.Parse(header);
        if (elements.Count != 1 || !elements[0].Name.Equals(ExtensionName, StringComparison.OrdinalIgnoreCase)) return false;
        if (!elements[0].IsWellFormed || !TryReadOffer(elements[0], out var answered)) return false;
        agreed = new PerMessageDeflateParameters
        {
            ServerNoContextTakeover = answered.ServerNoContextTakeover,
            ClientNoContextTakeover = answered.ClientNoContextTakeover,
            ServerMaxWindowBits = answered.ServerWindow,
            ClientMaxWindowBits = answered.ClientWindow ?? 15,
        };
        return true;
    }

    private readonly record struct Offered(
        bool ServerNoContextTakeover,
        bool ClientNoContextTakeover,
        int ServerWindow,
        bool ServerWindowOffered,
        int? ClientWindow,
        bool ClientWindowOffered);

    /// <summary>
    /// Reads the parameters of one element. §7.1: "A server MUST decline an extension negotiation offer for this
    /// extension if any of the following conditions are met: The negotiation offer contains an extension
    /// parameter not defined for use in an offer. The negotiation offer contains an extension parameter with an
    /// invalid value. The negotiation offer contains multiple extension parameters with the same name."
    /// </summary>
    private static bool TryReadOffer(ExtensionOffer offer, out Offered offered)
    {
        offered = new Offered(false, false, 15, false, null, false);
        foreach (var (name, value) in offer.Parameters)
        {
            if (name.Equals(ServerNoContextTakeover, StringComparison.OrdinalIgnoreCase))
            {
                // §7.1.1.1: "This parameter has no value."
                if (offered.ServerNoContextTakeover || value is not null) return false;
                offered = offered with { ServerNoContextTakeover = true };
            }
            else if (name.Equals(ClientNoContextTakeover, StringComparison.OrdinalIgnoreCase))
            {
                // §7.1.1.2: "This parameter has no value."
                if (offered.ClientNoContextTakeover || value is not null) return false;
                offered = offered with { ClientNoContextTakeover = true };
            }
            else if (name.Equals(ServerMaxWindowBits, StringComparison.OrdinalIgnoreCase))
            {
                // §7.1.2.1: "... has a value. The value is an integer in the range 8 to 15 inclusive."
                if (offered.ServerWindowOffered || !TryReadWindowBits(value, out int bits)) return false;
                offered = offered with { ServerWindow = bits, ServerWindowOffered = true };
            }
            else if (name.Equals(ClientMaxWindowBits, StringComparison.OrdinalIgnoreCase))
            {
                // §7.1.2.2: "This parameter has no value or a decimal integer value without leading zeroes between
                // 8 to 15 inclusive."
                if (offered.ClientWindowOffered) return false;
                int? bits = null;
                if (value is not null)
                {
                    if (!TryReadWindowBits(value, out int b)) return false;
                    bits = b;
                }
                offered = offered with { ClientWindow = bits, ClientWindowOffered = true };
            }
            else
            {
                return false; // not defined for permessage-deflate
            }
        }
        return true;
    }

    /// <summary>§7.1.2: a decimal integer from 8 to 15 without leading zeroes (<c>%x38-39 / "1" %x30-35</c>).</summary>
    private static bool TryReadWindowBits(string? value, out int bits)
    {
        bits = 0;
        switch (value)
        {
            case [>= '8' and <= '9']:
                bits = value[0] - '0';
                return true;
            case ['1', >= '0' and <= '5']:
                bits = 10 + (value[1] - '0');
                return true;
            default:
                return false;
        }
    }
}
