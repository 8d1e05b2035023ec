package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a linear pipeline of operators: moves chunks from each operator to the next until the last one produces
 * output, checking the query's cancellation flag on every step. Exposes the last operator's output as a
 * {@link ChunkSource}, so a driver can feed a multi-input operator of another pipeline or a result cursor.
 *
 * <p>The first operator is normally a {@link SourceOperator}. One thread drives a driver at a time.
 */
public final class Driver implements ChunkSource {
    private static final Logger log = LoggerFactory.getLogger(Driver.class);

    private final QueryContext context;
    private final List<Operator> operators;
    private final boolean[] finishSent;
    private boolean closed;

    public Driver(QueryContext context, List<Operator> operators) {
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("a driver needs at least one operator");
        }
        this.context = context;
        this.operators = List.copyOf(operators);
        this.finishSent = new boolean[operators.size()];
    }

    /** Drives the pipeline until the last operator yields a non-empty chunk; {@code null} when all is done. */
    @Override
    public Chunk next() {
        Operator last = operators.get(operators.size() - 1);
        while (true) {
            context.checkInterrupted();
            Chunk out = last.getOutput();
            if (out != null && out.positionCount() > 0) {
                return out;
            }
            if (last.isFinished()) {
                return null;
            }
            if (!moveChunks() && operators.size() == 1 && last.isFinished()) {
                return null;
            }
        }
    }

    /** One pass over adjacent operator pairs; returns whether anything moved. */
    private boolean moveChunks() {
        boolean moved = false;
        for (int i = 0; i + 1 < operators.size(); i++) {
            Operator current = operators.get(i);
            Operator next = operators.get(i + 1);
            if (next.isFinished() || finishSent[i + 1]) {
                continue;
            }
            if (next.needsInput()) {
                Chunk chunk = current.getOutput();
                if (chunk != null && chunk.positionCount() > 0) {
                    next.addInput(chunk);
                    moved = true;
                    continue;
                }
            }
            if (current.isFinished() && !finishSent[i + 1]) {
                finishSent[i + 1] = true;
                next.finish();
                moved = true;
            }
        }
        return moved;
    }

    /** Pulls all output and discards it (for pipelines whose last operator has side effects). */
    public long drain() {
        long rows = 0;
        for (Chunk c = next(); c != null; c = next()) {
            rows += c.positionCount();
        }
        return rows;
    }

    /** Closes every operator, even if some fail; the first failure is rethrown. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (Operator op : operators) {
            try {
                op.close();
            } catch (RuntimeException e) {
                log.warn("closing {} failed", op.getClass().getSimpleName(), e);
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
