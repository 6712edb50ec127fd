using System.Buffers;
using System.Numerics;

namespace Roadrunner.Quic.Streams;

/// <summary>
/// The bytes of one direction of a stream in a pooled ring: stream offset o lives at o modulo the capacity, so
/// neither reading nor acknowledging ever moves bytes. The owner guarantees that the live bytes span less than the
/// capacity (flow control bounds them), and grows it through <see cref="Ensure"/>, which is the only allocation.
/// </summary>
internal sealed class QuicStreamStorage
{
    private const int MinimumCapacity = 4096;
    private byte[] _array = [];
    private int _capacity;

    public int Capacity => _capacity;

    /// <summary>Grows to hold <paramref name="span"/> bytes, keeping the live bytes [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void Ensure(ulong low, ulong high, ulong span)
    {
        if (span <= (ulong)_capacity)
        {
            return;
        }

        int capacity = (int)Math.Max(MinimumCapacity, BitOperations.RoundUpToPowerOf2((uint)span));
        byte[] array = ArrayPool<byte>.Shared.Rent(capacity);
        if (_capacity > 0)
        {
            for (ulong offset = low; offset < high;)
            {
                int position = (int)(offset & (ulong)(_capacity - 1));
                int count = (int)Math.Min(high - offset, (ulong)(_capacity - position));
                Copy(_array.AsSpan(position, count), array, capacity, offset);
                offset += (ulong)count;
            }

            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = array;
        _capacity = capacity;
    }

    public void Write(ulong offset, ReadOnlySpan<byte> data) => Copy(data, _array, _capacity, offset);

    public void Read(ulong offset, Span<byte> destination)
    {
        // A FIN alone reads nothing, and may come after every byte was acknowledged and the array given back.
        if (destination.IsEmpty)
        {
            return;
        }

        int position = (int)(offset & (ulong)(_capacity - 1));
        int first = Math.Min(destination.Length, _capacity - position);
        _array.AsSpan(position, first).CopyTo(destination);
        _array.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    public void Release()
    {
        if (_capacity > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _capacity = 0;
        }
    }

    private static void Copy(ReadOnlySpan<byte> data, byte[] array, int capacity, ulong offset)
    {
        if (data.IsEmpty)
        {
            return;
        }

        int position = (int)(offset & (ulong)(capacity - 1));
        int first = Math.Min(data.Length, capacity - position);
        data[..first].CopyTo(array.AsSpan(position));
        data[first..].CopyTo(array.AsSpan(0));
    }
}
