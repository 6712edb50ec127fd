namespace Roadrunner.Http3;

/// <summary>HTTP/3 error codes (RFC 9114 §8.1), carried in CONNECTION_CLOSE, RESET_STREAM and STOP_SENDING.</summary>
public enum Http3ErrorCode : ulong
{
    /// <summary>No error; closing without one.</summary>
    H3_NO_ERROR = 0x0100,
}
