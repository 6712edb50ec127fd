using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Handshake;
using Shouldly;

namespace Roadrunner.Tests.WebSockets.Handshake;

/// <summary>RFC 7692 §5 and §7.1: negotiating permessage-deflate.</summary>
[TestClass]
public sealed class Rfc7692_Section7_1_NegotiationTests
{
    private static WebSocketHandshakeResult Negotiate(string? offer, PerMessageDeflateOptions? deflate = null)
    {
        var options = new WebSocketOptions { PerMessageDeflate = deflate ?? PerMessageDeflateOptions.Default };
        var headers = TestHeaders.Upgrade(offer is null ? [] : [("Sec-WebSocket-Extensions", offer)]);
        return WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers, options);
    }

    /// <summary>§7.1: each parameter, alone, accepted and answered as the RFC says.</summary>
    [TestMethod]
    [DataRow("permessage-deflate", "permessage-deflate")]
    [DataRow("PerMessage-Deflate", "permessage-deflate")]
    [DataRow("permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover")]
    [DataRow("permessage-deflate; client_no_context_takeover", "permessage-deflate; client_no_context_takeover")]
    [DataRow("permessage-deflate; server_max_window_bits=15", "permessage-deflate; server_max_window_bits=15")]
    [DataRow("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=10")]
    [DataRow("permessage-deflate; server_max_window_bits=\"9\"", "permessage-deflate; server_max_window_bits=9")]
    [DataRow("permessage-deflate; client_max_window_bits", "permessage-deflate")]
    [DataRow("permessage-deflate; client_max_window_bits=8", "permessage-deflate")]
    [DataRow("permessage-deflate ;client_max_window_bits = 12 ; server_no_context_takeover", "permessage-deflate; server_no_context_takeover")]
    public void S7_1_Parameters_AcceptedAndAnswered(string offer, string response)
    {
        var result = Negotiate(offer);
        result.Extensions.ShouldBe(response);
        result.ResponseHeaders.ShouldContain(new KeyValuePair<string, string>("Sec-WebSocket-Extensions", response));
    }

    /// <summary>The agreed parameters carry what was negotiated.</summary>
    [TestMethod]
    public void S7_1_AgreedParameters()
    {
        var agreed = Negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12; client_max_window_bits=9")
            .PerMessageDeflate!.Value;
        agreed.ShouldBe(new PerMessageDeflateParameters
        {
            ServerNoContextTakeover = true,
            ClientNoContextTakeover = true,
            ServerMaxWindowBits = 12,
            ClientMaxWindowBits = 9,
        });
        default(PerMessageDeflateParameters).ShouldBe(new PerMessageDeflateParameters { ServerMaxWindowBits = 15, ClientMaxWindowBits = 15 });
    }

    /// <summary>
    /// §7.1: "A server MUST decline an extension negotiation offer for this extension if any of the following
    /// conditions are met: The negotiation offer contains an extension parameter not defined for use in an offer.
    /// The negotiation offer contains an extension parameter with an invalid value. The negotiation offer contains
    /// multiple extension parameters with the same name." Declining the only offer means no extension.
    /// </summary>
    [TestMethod]
    [DataRow("permessage-deflate; foo", DisplayName = "unknown parameter")]
    [DataRow("permessage-deflate; server_no_context_takeover=1", DisplayName = "value on a valueless parameter")]
    [DataRow("permessage-deflate; client_no_context_takeover=true", DisplayName = "value on client_no_context_takeover")]
    [DataRow("permessage-deflate; server_max_window_bits", DisplayName = "server_max_window_bits without value")]
    [DataRow("permessage-deflate; server_max_window_bits=7", DisplayName = "window 7")]
    [DataRow("permessage-deflate; server_max_window_bits=16", DisplayName = "window 16")]
    [DataRow("permessage-deflate; server_max_window_bits=08", DisplayName = "leading zero")]
    [DataRow("permessage-deflate; client_max_window_bits=0x0f", DisplayName = "hex value")]
    [DataRow("permessage-deflate; client_max_window_bits=\"1 0\"", DisplayName = "quoted non-token")]
    [DataRow("permessage-deflate; server_no_context_takeover; server_no_context_takeover", DisplayName = "duplicate")]
    [DataRow("permessage-deflate; client_max_window_bits; client_max_window_bits=10", DisplayName = "duplicate with value")]
    [DataRow("permessage-deflate; server_max_window_bits=10; server_max_window_bits=10", DisplayName = "duplicate window")]
    [DataRow("permessage-deflate;", DisplayName = "empty parameter")]
    [DataRow("permessage-deflate; =1", DisplayName = "parameter without name")]
    [DataRow("permessage-deflate; server_max_window_bits=\"10", DisplayName = "unterminated quote")]
    public void S7_1_InvalidOffer_Declined(string offer)
    {
        var result = Negotiate(offer);
        result.IsAccepted.ShouldBeTrue(); // the handshake goes on without the extension
        result.Extensions.ShouldBeNull();
        result.PerMessageDeflate.ShouldBeNull();
    }

    /// <summary>§5: the server accepts the first acceptable offer among several, skipping declined ones and other extensions.</summary>
    [TestMethod]
    [DataRow("permessage-deflate; foo, permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover")]
    [DataRow("x-webkit-deflate-frame, permessage-deflate", "permessage-deflate")]
    [DataRow("permessage-deflate; server_max_window_bits=\"1,0\", permessage-deflate", "permessage-deflate")]
    [DataRow("mux; max-channels=4; flow-control, permessage-deflate; client_max_window_bits", "permessage-deflate")]
    [DataRow(",, permessage-deflate ,", "permessage-deflate")]
    public void S5_FirstAcceptableOffer_Taken(string offer, string response) => Negotiate(offer).Extensions.ShouldBe(response);

    /// <summary>Two Sec-WebSocket-Extensions fields combine into one list, offers in order.</summary>
    [TestMethod]
    public void S5_OffersAcrossTwoFields()
    {
        var options = new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default };
        var headers = TestHeaders.Upgrade([("Sec-WebSocket-Extensions", "foo"), ("Sec-WebSocket-Extensions", "permessage-deflate; client_no_context_takeover")]);
        WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers, options).Extensions.ShouldBe("permessage-deflate; client_no_context_takeover");
    }

    /// <summary>
    /// §7.1.2.1: "A server declines an extension negotiation offer with this parameter if the server doesn't
    /// support it." With AcceptSmallServerWindow off, an offer demanding a window under 15 is declined and the next
    /// offer taken.
    /// </summary>
    [TestMethod]
    public void S7_1_2_1_SmallServerWindow_DeclinedWhenConfigured()
    {
        var strict = new PerMessageDeflateOptions { AcceptSmallServerWindow = false };
        Negotiate("permessage-deflate; server_max_window_bits=10", strict).Extensions.ShouldBeNull();
        Negotiate("permessage-deflate; server_max_window_bits=10, permessage-deflate", strict).Extensions.ShouldBe("permessage-deflate");
        Negotiate("permessage-deflate; server_max_window_bits=15", strict).Extensions.ShouldBe("permessage-deflate; server_max_window_bits=15");
    }

    /// <summary>
    /// §7.1.1.1 / §7.1.1.2: the server may use server_no_context_takeover and ask for client_no_context_takeover
    /// on its own; the options add them to every response.
    /// </summary>
    [TestMethod]
    public void S7_1_1_ServerChosenNoContextTakeover()
    {
        var options = new PerMessageDeflateOptions { ServerNoContextTakeover = true, ClientNoContextTakeover = true };
        var result = Negotiate("permessage-deflate", options);
        result.Extensions.ShouldBe("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        result.PerMessageDeflate!.Value.ServerNoContextTakeover.ShouldBeTrue();
        result.PerMessageDeflate!.Value.ClientNoContextTakeover.ShouldBeTrue();
    }

    /// <summary>Compression off (the default options): offers are ignored.</summary>
    [TestMethod]
    public void S5_CompressionOff_NoExtension()
    {
        var headers = TestHeaders.Upgrade([("Sec-WebSocket-Extensions", "permessage-deflate")]);
        WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers).Extensions.ShouldBeNull();
    }

    /// <summary>A client reads the response; a response it cannot use is refused (§5: the client must then fail the connection).</summary>
    [TestMethod]
    [DataRow("permessage-deflate; server_max_window_bits=10; client_max_window_bits=9", true)]
    [DataRow("permessage-deflate", true)]
    [DataRow("permessage-deflate; bogus", false)]
    [DataRow("permessage-deflate, permessage-deflate", false)]
    [DataRow("x-other", false)]
    [DataRow(null, false)]
    public void S7_1_ClientReadsResponse(string? response, bool usable)
    {
        PerMessageDeflateNegotiation.TryReadResponse(response, out var agreed).ShouldBe(usable);
        if (response?.Contains("=10", StringComparison.Ordinal) == true)
        {
            agreed.ServerMaxWindowBits.ShouldBe(10);
            agreed.ClientMaxWindowBits.ShouldBe(9);
        }
    }
}
