using System.Buffers;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Forms;

/// <summary>Reads an <c>application/x-www-form-urlencoded</c> request body, bounded, and decodes it.</summary>
internal static class FormBodyReader
{
    public static async ValueTask<FormCollection> ReadAsync(Request request, FormOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!request.HasBody)
        {
            return FormCollection.Empty;
        }

        if (!IsUrlEncoded(request.Headers.Get("content-type")))
        {
            throw new RequestBodyException(415, "The body is not application/x-www-form-urlencoded");
        }

        var limit = options.MaxBodyLength;
        if (request.ContentLength > limit)
        {
            throw new RequestBodyException(413, "Form body larger than the configured limit");
        }

        // One byte over the limit is enough to know it is over.
        var cap = Math.Min((long)limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min((request.ContentLength ?? 4096) + 1, cap));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, cap));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var n = await request.ReadBodyAsync(buffer.AsMemory(length), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                length += n;
                if (length > limit)
                {
                    throw new RequestBodyException(413, "Form body larger than the configured limit");
                }
            }

            if (!FormUrlEncoded.TryDecode(buffer.AsSpan(0, length), options, out var form, out var error))
            {
                var status = error.Kind is FormErrorKind.TooManyPairs or FormErrorKind.KeyTooLong or FormErrorKind.ValueTooLong ? 413 : 400;
                throw new RequestBodyException(status, error.Reason);
            }

            return form;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // application/x-www-form-urlencoded, any case, parameters (a charset) allowed and ignored: the format is UTF-8.
    private static bool IsUrlEncoded(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        return (semicolon < 0 ? span : span[..semicolon]).Trim(" \t").Equals(FormUrlEncoded.ContentType, StringComparison.OrdinalIgnoreCase);
    }
}
