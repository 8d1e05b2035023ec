package com.polardbx.executor.chunk;

/** A block of binary strings. */
public final class BytesBlock extends ObjectBlock<byte[]> {
    /** Wraps the array without copying; {@code null} elements are SQL NULL. */
    public BytesBlock(int positionCount, byte[][] values) {
        super(positionCount, values);
    }

    @Override
    Block create(int positionCount, byte[][] values) {
        return new BytesBlock(positionCount, values);
    }

    @Override
    public ExecType execType() {
        return ExecType.BYTES;
    }

    @Override
    long valueSize(byte[] value) {
        return 16L + value.length;
    }
}
