package com.polardbx.executor.chunk;

/** A block of character strings (and temporal values as MySQL text). */
public final class StringBlock extends ObjectBlock<String> {
    /** Wraps the array without copying; {@code null} elements are SQL NULL. */
    public StringBlock(int positionCount, String[] values) {
        super(positionCount, values);
    }

    @Override
    Block create(int positionCount, String[] values) {
        return new StringBlock(positionCount, values);
    }

    @Override
    public ExecType execType() {
        return ExecType.STRING;
    }

    @Override
    long valueSize(String value) {
        return 40L + 2L * value.length();
    }
}
