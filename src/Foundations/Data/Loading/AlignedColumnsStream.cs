namespace Foundations.Data;

/// <summary>
/// Reads a file whose columns are aligned with runs of spaces (or tabs) as one separated by single spaces: each run
/// outside quotes becomes one space, and spaces at the start and end of a line go. Line breaks are kept, so line
/// numbers in messages still point into the file.
/// </summary>
internal sealed class AlignedColumnsStream(Stream inner) : Stream
{
    private readonly byte[] _in = new byte[1 << 16];
    // Each byte read writes at most two (a space held back from before, then itself).
    private readonly byte[] _out = new byte[2 << 16];
    private int _outStart, _outEnd;
    private bool _quoted, _lineStart = true, _pendingSpace;

    public override int Read(Span<byte> destination)
    {
        while (_outStart == _outEnd)
        {
            int read = inner.Read(_in, 0, _in.Length);
            if (read == 0) return 0;
            _outStart = _outEnd = 0;
            foreach (byte b in _in.AsSpan(0, read))
            {
                if (_quoted)
                {
                    _out[_outEnd++] = b;
                    if (b == (byte)'"') _quoted = false;
                }
                else if (b is (byte)' ' or (byte)'\t') _pendingSpace = !_lineStart;
                else if (b is (byte)'\n' or (byte)'\r')
                {
                    _out[_outEnd++] = b;
                    _pendingSpace = false;
                    _lineStart = true;
                }
                else
                {
                    if (_pendingSpace) _out[_outEnd++] = (byte)' ';
                    _out[_outEnd++] = b;
                    _pendingSpace = _lineStart = false;
                    if (b == (byte)'"') _quoted = true;
                }
            }
        }
        int n = Math.Min(destination.Length, _outEnd - _outStart);
        _out.AsSpan(_outStart, n).CopyTo(destination);
        _outStart += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
