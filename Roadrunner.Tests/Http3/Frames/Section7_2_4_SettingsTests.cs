using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Frames;

/// <summary>RFC 9114 §7.2.4 SETTINGS, with RFC 9204 §5, RFC 9220 §3 and RFC 9297 §2.1.1.</summary>
[TestClass]
public sealed class Section7_2_4_SettingsTests
{
    private static (ServerHarness Harness, Http3Error Error) Open(params (long, long)[] settings)
    {
        var h = new ServerHarness(openControl: false);
        var error = h.Send(ServerHarness.ClientControl, ControlStream(settings));
        return (h, error);
    }

    /// <summary>§7.2.4: "The same setting identifier MUST NOT occur more than once in the SETTINGS frame. A receiver MAY treat the presence of duplicate setting identifiers as a connection error of type H3_SETTINGS_ERROR."</summary>
    [TestMethod]
    public void S7_2_4_DuplicateIdentifier_IsSettingsError()
    {
        var (h, error) = Open((0x06, 100), (0x01, 0), (0x06, 100));
        using (h) h.ShouldBeConnectionError(error, Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingDuplicate);
    }

    /// <summary>Duplicates are found among many settings too.</summary>
    [TestMethod]
    public void S7_2_4_DuplicateAmongMany_IsSettingsError()
    {
        var settings = Enumerable.Range(0, 40).Select(i => (0x1fL * i + 0x21, (long)i)).Append((0x1fL * 39 + 0x21, 0L)).ToArray();
        var (h, error) = Open(settings);
        using (h) h.ShouldBeConnectionError(error, Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingDuplicate);
    }

    /// <summary>§7.2.4.1: "Setting identifiers that were defined in [HTTP/2] where there is no corresponding HTTP/3 setting have also been reserved ... Their receipt MUST be treated as a connection error of type H3_SETTINGS_ERROR."</summary>
    [TestMethod]
    [DataRow(0x02L)]
    [DataRow(0x03L)]
    [DataRow(0x04L)]
    [DataRow(0x05L)]
    public void S7_2_4_1_Http2SettingIdentifier_IsSettingsError(long id)
    {
        var (h, error) = Open((id, 0));
        using (h) h.ShouldBeConnectionError(error, Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingHttp2);
    }

    /// <summary>§7.2.4: "An implementation MUST ignore any parameter with an identifier it does not understand." Reserved (GREASE) identifiers included.</summary>
    [TestMethod]
    public void S7_2_4_UnknownAndReservedIdentifiers_AreIgnored()
    {
        var (h, error) = Open((0x21, 12345), (0x1fL * 77 + 0x21, 0), (0xabcdef, 1), (0x06, 2048));
        using (h)
        {
            error.IsNone.ShouldBeTrue();
            h.Connection.PeerSettings.MaxFieldSectionSize.ShouldBe(2048);
            h.Events.ShouldContain(e => e.Kind == Http3EventKind.SettingsReceived);
        }
    }

    /// <summary>RFC 9220 §3 and RFC 9297 §2.1.1: the boolean settings take 0 or 1 only.</summary>
    [TestMethod]
    [DataRow(0x08L, DisplayName = "SETTINGS_ENABLE_CONNECT_PROTOCOL")]
    [DataRow(0x33L, DisplayName = "SETTINGS_H3_DATAGRAM")]
    public void BooleanSettingAboveOne_IsSettingsError(long id)
    {
        var (h, error) = Open((id, 2));
        using (h) h.ShouldBeConnectionError(error, Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingValueInvalid);
    }

    [TestMethod]
    public void KnownSettings_AreApplied()
    {
        var (h, error) = Open((0x01, 1024), (0x07, 3), (0x06, 9999), (0x08, 1), (0x33, 1));
        using (h)
        {
            error.IsNone.ShouldBeTrue();
            h.Connection.PeerSettings.ShouldBe(new Http3PeerSettings(9999, 1024, 3, true, true));

            // RFC 9204 §4.3.1: our encoder sets its capacity on the encoder stream (7): Set Dynamic Table Capacity 1024.
            var encoderStream = h.Outputs.Where(o => o.StreamId == 7).SelectMany(o => o.Data).ToArray();
            encoderStream.ShouldBe(new byte[] { 0x3f, 0xe1, 0x07 });
            h.Connection.Encoder.TableCapacity.ShouldBe(1024);
        }
    }

    /// <summary>Empty SETTINGS leave the initial values (§7.2.4.2): no dynamic table for our encoder (RFC 9204 §3.2.3).</summary>
    [TestMethod]
    public void EmptySettings_KeepTheDynamicTableOff()
    {
        var (h, error) = Open();
        using (h)
        {
            error.IsNone.ShouldBeTrue();
            h.Connection.PeerSettings.ShouldBe(Http3PeerSettings.Initial);
            h.Connection.Encoder.TableCapacity.ShouldBe(0);
        }
    }

    /// <summary>
    /// Ours: the control stream type, SETTINGS first with MAX_FIELD_SECTION_SIZE, the QPACK limits and one reserved
    /// setting (§7.2.4.1), then one frame of a reserved type (§7.2.8). Our own client reads them all.
    /// </summary>
    [TestMethod]
    public void OurSettings_CarryLimits_AndGrease()
    {
        using var server = new Http3Connection(Http3Role.Server, new Http3Options { GreaseSeed = 42, EnableConnectProtocol = true });
        server.Start();
        server.TryReadOutput(out var control).ShouldBeTrue();
        control.StreamId.ShouldBe(3);
        var bytes = control.Data.ToArray();
        bytes[0].ShouldBe((byte)0x00);
        bytes[1].ShouldBe((byte)0x04);
        var settings = ReadSettings(bytes.AsSpan(2), out int settingsLength);
        settings.ShouldContain((0x01L, 4096L));
        settings.ShouldContain((0x06L, 16384L));
        settings.ShouldContain((0x07L, 100L));
        settings.ShouldContain((0x08L, 1L));
        settings.Count(s => s.Id >= 0x21 && (s.Id - 0x21) % 0x1f == 0).ShouldBe(1);

        var rest = bytes.AsSpan(2 + settingsLength);
        ReadVarInt(rest, out long frameType, out _);
        (frameType >= 0x21 && (frameType - 0x21) % 0x1f == 0).ShouldBeTrue();
    }

    private static List<(long Id, long Value)> ReadSettings(ReadOnlySpan<byte> frameFromLength, out int consumed)
    {
        ReadVarInt(frameFromLength, out long length, out int lengthSize);
        var payload = frameFromLength.Slice(lengthSize, (int)length);
        consumed = lengthSize + (int)length;
        var list = new List<(long, long)>();
        while (!payload.IsEmpty)
        {
            ReadVarInt(payload, out long id, out int a);
            ReadVarInt(payload[a..], out long value, out int b);
            list.Add((id, value));
            payload = payload[(a + b)..];
        }
        return list;
    }

    private static void ReadVarInt(ReadOnlySpan<byte> data, out long value, out int length)
    {
        length = 1 << (data[0] >> 6);
        value = data[0] & 0x3f;
        for (int i = 1; i < length; i++) value = (value << 8) | data[i];
    }
}
