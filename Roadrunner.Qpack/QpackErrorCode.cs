namespace Roadrunner.Qpack;

/// <summary>The QPACK error codes (RFC 9204 §6), carried as HTTP/3 application error codes.</summary>
public enum QpackErrorCode : long
{
    /// <summary>The decoder failed to interpret an encoded field section and cannot continue decoding it.</summary>
    QPACK_DECOMPRESSION_FAILED = 0x0200,

    /// <summary>The decoder failed to interpret an encoder instruction received on the encoder stream.</summary>
    QPACK_ENCODER_STREAM_ERROR = 0x0201,

    /// <summary>The encoder failed to interpret a decoder instruction received on the decoder stream.</summary>
    QPACK_DECODER_STREAM_ERROR = 0x0202,
}
