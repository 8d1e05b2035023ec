package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.Truth;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryRevoker;
import com.polardbx.executor.spill.PartitionedSpillWriter;
import com.polardbx.executor.spill.SpillFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Queue;

/**
 * Equi hash join: the build side (a {@link ChunkSource}, read completely before the first probe chunk) goes into a
 * hash table; probe chunks arrive through {@link #addInput}. Output rows are the probe columns followed by the build
 * columns. NULL keys never match. An optional residual condition is evaluated over that output row. INNER and LEFT
 * (every probe row at least once, build columns NULL when nothing matches).
 *
 * <p>The build side is reserved in the query memory pool. If it does not fit (or the pool revokes it while it is
 * being built), the join becomes a grace hash join: build rows go to {@value SpillSizing#PARTITIONS} spill files by
 * the hash of their key, then so do probe rows (a LEFT join emits probe rows with a NULL key at once), and after the
 * probe input ends each partition is joined on its own. A partition whose build rows do not fit is split again with
 * a differently mixed hash; when that cannot help (deepest level, or all its rows share one hash) it is joined as
 * block nested loops: one memory-sized block of build rows at a time against all its probe rows, remembering which
 * probe rows matched so that a LEFT join null-extends the others at the end. Spilled output comes partition by
 * partition, not in probe order.
 */
public final class HashJoinOperator implements Operator, MemoryRevoker {
    private final QueryContext context;
    private final JoinType joinType;
    private final List<ColumnType> probeTypes;
    private final List<ColumnType> buildTypes;
    private final List<ColumnType> outputTypes;
    private final int[] probeKeys;
    private final int[] buildKeys;
    private final Collation[] keyCollations;
    private final Expression residual;
    private final LocalMemoryContext memory;
    private final JoinHashTable table;
    /** LEFT rows with a NULL probe key while probe rows are being spilled (at most one probe chunk's worth). */
    private final Queue<Chunk> pending = new ArrayDeque<>();
    /** The probe chunk being joined, resumable so that it may produce any number of output chunks. */
    private Chunk probing;
    private int probePosition;
    private boolean rowStarted;
    private JoinHashTable.Rows candidates;
    private int candidate;
    private boolean found;
    private BitSet probingMatched;
    private long probingOrdinal;
    private boolean unmatchedPass;
    private final Object[] row;
    private ChunkSource buildSource;
    private boolean building;
    private boolean finishing;
    /** Grace join state: writers while input arrives, then the partitions still to join. */
    private PartitionedSpillWriter buildWriter;
    private SpillFile[] buildFiles;
    private PartitionedSpillWriter probeWriter;
    private final Deque<Partition> partitions = new ArrayDeque<>();
    private PartitionJoin current;
    /** Page size of the spill writers, chosen when a spill starts ({@link SpillSizing#affordablePageBytes}). */
    private long spillPageBytes;

    /** A spilled partition; {@code splittable} is false once splitting it left all its build rows together. */
    private record Partition(SpillFile build, SpillFile probe, int level, boolean splittable) {
        void delete() {
            if (build != null) {
                build.delete();
            }
            if (probe != null) {
                probe.delete();
            }
        }
    }

    public HashJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> probeTypes, int[] probeKeys,
                            ChunkSource buildSource, List<ColumnType> buildTypes, int[] buildKeys,
                            Expression residual) {
        this(context, joinType, probeTypes, probeKeys, buildSource, buildTypes, buildKeys, residual, 1);
    }

    /**
     * A join that is one of {@code share} parallel workers ({@link ParallelHashJoinOperator}): it grows within and
     * sizes its spill buffers from 1/share of the query's memory.
     */
    public HashJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> probeTypes, int[] probeKeys,
                            ChunkSource buildSource, List<ColumnType> buildTypes, int[] buildKeys,
                            Expression residual, int share) {
        if (!joinType.outputsInner()) {
            throw new IllegalArgumentException("the hash join implements INNER and LEFT, not " + joinType);
        }
        this.context = context;
        this.joinType = joinType;
        this.probeTypes = List.copyOf(probeTypes);
        this.buildTypes = List.copyOf(buildTypes);
        List<ColumnType> out = new ArrayList<>(probeTypes);
        out.addAll(buildTypes);
        this.outputTypes = List.copyOf(out);
        this.probeKeys = probeKeys.clone();
        this.buildKeys = buildKeys.clone();
        this.keyCollations = keyCollations(probeTypes, probeKeys, buildTypes, buildKeys);
        this.residual = residual;
        this.buildSource = buildSource;
        this.table = new JoinHashTable(buildKeys, keyCollations);
        this.row = new Object[outputTypes.size()];
        this.memory = share == 1 ? context.newMemoryContext(this) : context.newMemoryContext(this, share);
    }

    /** The collation each key pair is compared in: a binary collation on either side decides (as comparisons do). */
    static Collation[] keyCollations(List<ColumnType> probeTypes, int[] probeKeys, List<ColumnType> buildTypes,
                                     int[] buildKeys) {
        Collation[] collations = new Collation[probeKeys.length];
        for (int i = 0; i < probeKeys.length; i++) {
            Collation a = probeTypes.get(probeKeys[i]).collation();
            Collation b = buildTypes.get(buildKeys[i]).collation();
            collations[i] = Collation.stronger(a, b);
        }
        return collations;
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    private void buildIfNeeded() {
        if (buildSource == null) {
            return;
        }
        building = true;
        try {
            for (Chunk chunk = buildSource.next(); chunk != null; chunk = buildSource.next()) {
                context.checkInterrupted();
                if (buildWriter == null && !memory.trySetBytes(table.bytes() + table.bytesToAdd(chunk))) {
                    spillBuild(SpillSizing.rowBytes(chunk));
                }
                if (buildWriter != null) {
                    route(chunk, buildKeys, buildWriter, 0);
                } else {
                    table.add(chunk);
                    memory.setBytes(table.bytes());
                }
            }
        } finally {
            building = false;
        }
        buildSource.close();
        buildSource = null;
        if (buildWriter != null) {
            buildFiles = buildWriter.finish();
            buildWriter = null;
            probeWriter = newWriter("join-probe", probeTypes, 64 + 24L * probeTypes.size());
        }
    }

    /** Spills the build table while the build side is still being read. */
    @Override
    public long revoke(long bytes) {
        if (!building || buildWriter != null || memory.bytes() <= 2 * SpillSizing.partitionBufferBytes(memory)) {
            return 0;
        }
        long before = memory.bytes();
        spillBuild(64 + 24L * buildTypes.size());
        return before - memory.bytes();
    }

    private void spillBuild(long rowBytes) {
        spillPageBytes = SpillSizing.affordablePageBytes(memory);
        buildWriter = newWriter("join-build", buildTypes, rowBytes);
        table.spillTo(buildWriter, 0);
        table.clear();
        memory.setBytes(SpillSizing.PARTITIONS * spillPageBytes);
    }

    private PartitionedSpillWriter newWriter(String purpose, List<ColumnType> types, long rowBytes) {
        return new PartitionedSpillWriter(context.spillSpace(), purpose, types, SpillSizing.PARTITIONS,
            SpillSizing.rowsPerPage(spillPageBytes, rowBytes));
    }

    /** Writes the rows of a chunk with non-NULL keys to their partitions at {@code level}. */
    private void route(Chunk chunk, int[] keys, PartitionedSpillWriter writer, int level) {
        for (int p = 0; p < chunk.positionCount(); p++) {
            if (!GroupKey.hasNull(chunk, p, keys)) {
                int hash = GroupKey.of(chunk, p, keys, keyCollations).hashCode();
                writer.append(PartitionedSpillWriter.partition(hash, level, SpillSizing.PARTITIONS), chunk, p);
            }
        }
    }

    @Override
    public boolean needsInput() {
        buildIfNeeded();
        return !finishing && pending.isEmpty() && probing == null;
    }

    @Override
    public void addInput(Chunk probe) {
        buildIfNeeded();
        if (probeWriter == null) {
            startProbe(probe, null, 0, false);
            return;
        }
        route(probe, probeKeys, probeWriter, 0);
        if (joinType == JoinType.LEFT) {
            ChunkBuilder builder = new ChunkBuilder(outputTypes);
            for (int p = 0; p < probe.positionCount(); p++) {
                if (GroupKey.hasNull(probe, p, probeKeys)) {
                    copyProbeRow(probe, p);
                    builder.appendRow(row);
                }
            }
            if (!builder.isEmpty()) {
                pending.add(builder.build());
            }
        }
    }

    /**
     * Starts joining a probe chunk against the table. Without {@code matched}, LEFT null-extends unmatched rows at
     * once; with it (block nested loops) the matched rows are recorded by ordinal ({@code firstOrdinal} + position)
     * instead, and {@code unmatched} makes a final pass that emits the rows never matched.
     */
    private void startProbe(Chunk chunk, BitSet matched, long firstOrdinal, boolean unmatched) {
        probing = chunk;
        probePosition = 0;
        rowStarted = false;
        probingMatched = matched;
        probingOrdinal = firstOrdinal;
        unmatchedPass = unmatched;
    }

    /** Continues the probe chunk until one output chunk is full or the chunk is done; {@code null} if no row. */
    private Chunk continueProbe() {
        ChunkBuilder builder = new ChunkBuilder(outputTypes);
        int probeWidth = probeTypes.size();
        while (probing != null && !builder.isFull()) {
            int p = probePosition;
            if (unmatchedPass) {
                if (!probingMatched.get(Math.toIntExact(probingOrdinal + p))) {
                    copyProbeRow(probing, p);
                    builder.appendRow(row);
                }
                nextProbeRow();
                continue;
            }
            if (!rowStarted) {
                rowStarted = true;
                copyProbeRow(probing, p);
                candidates = table.lookup(probing, p, probeKeys);
                candidate = 0;
                found = false;
            }
            if (candidates != null && candidate < candidates.size()) {
                table.copyRow(candidates.address(candidate++), row, probeWidth);
                if (residual == null || residualHolds(row)) {
                    found = true;
                    builder.appendRow(row);
                }
                continue;
            }
            if (found && probingMatched != null) {
                probingMatched.set(Math.toIntExact(probingOrdinal + p));
            }
            if (!found && probingMatched == null && joinType == JoinType.LEFT) {
                Arrays.fill(row, probeWidth, row.length, null);
                builder.appendRow(row);
            }
            nextProbeRow();
        }
        return builder.isEmpty() ? null : builder.build();
    }

    private void nextProbeRow() {
        probePosition++;
        rowStarted = false;
        candidates = null;
        if (probePosition >= probing.positionCount()) {
            probing = null;
        }
    }

    /** Probe values into the row, build values NULL. */
    private void copyProbeRow(Chunk probe, int p) {
        for (int c = 0; c < probeTypes.size(); c++) {
            row[c] = probe.get(c, p);
        }
        Arrays.fill(row, probeTypes.size(), row.length, null);
    }

    private boolean residualHolds(Object[] row) {
        ChunkBuilder one = new ChunkBuilder(outputTypes, 1);
        one.appendRow(row);
        Object v = residual.evaluate(one.build(), 0);
        return v != null && Truth.isTrue(v);
    }

    @Override
    public Chunk getOutput() {
        Chunk out = pending.poll();
        if (out == null && probing != null) {
            out = continueProbe();
        }
        if (out == null && finishing) {
            out = joinPartitions();
        }
        return out;
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (buildSource != null) {
            // no probe row arrived: INNER and LEFT produce nothing, so the build side need not be read
            buildSource.close();
            buildSource = null;
        }
        if (probeWriter == null) {
            return; // the table goes once the last probe chunk is joined
        }
        SpillFile[] probeFiles = probeWriter.finish();
        probeWriter = null;
        memory.setBytes(0);
        for (int p = 0; p < SpillSizing.PARTITIONS; p++) {
            addPartition(new Partition(buildFiles[p], probeFiles[p], 1, true));
        }
        buildFiles = null;
    }

    /** Queues a partition that can produce rows; deletes the files of one that cannot. */
    private void addPartition(Partition part) {
        if (part.probe() == null || joinType == JoinType.INNER && part.build() == null) {
            part.delete();
        } else {
            partitions.addFirst(part);
        }
    }

    /** Joins the current probe chunk, then spilled partitions, until an output chunk is ready; null at the end. */
    private Chunk joinPartitions() {
        while (true) {
            context.checkInterrupted();
            if (probing != null) {
                Chunk out = continueProbe();
                if (out != null) {
                    return out;
                }
            } else if (current != null) {
                if (!current.step()) {
                    current.close();
                    current = null;
                }
            } else if (partitions.isEmpty()) {
                table.clear();
                memory.close();
                return null;
            } else {
                current = PartitionJoin.start(this, partitions.pollFirst());
            }
        }
    }

    @Override
    public boolean isFinished() {
        return finishing && pending.isEmpty() && probing == null && current == null && partitions.isEmpty();
    }

    @Override
    public void close() {
        table.clear();
        pending.clear();
        probing = null;
        try {
            if (buildSource != null) {
                buildSource.close();
                buildSource = null;
            }
        } finally {
            if (buildWriter != null) {
                buildWriter.close();
            }
            if (probeWriter != null) {
                probeWriter.close();
            }
            if (buildFiles != null) {
                SpillSizing.delete(new ArrayList<>(Arrays.asList(buildFiles)));
            }
            if (current != null) {
                current.close();
                current = null;
            }
            while (!partitions.isEmpty()) {
                partitions.pollFirst().delete();
            }
            memory.close();
        }
    }

    /**
     * Joining one spilled partition: load as many of its build rows as fit, then stream its probe rows; if not all
     * build rows fit, either split the partition (then there is nothing to step) or go block by block.
     */
    private static final class PartitionJoin implements AutoCloseable {
        private final HashJoinOperator join;
        private final Partition part;
        private final SpillFile.Reader build;
        private Chunk carry;
        private boolean buildExhausted;
        /** Block nested loops: probe rows matched by any block so far (LEFT only). */
        private BitSet matched;
        private boolean blocks;
        private SpillFile.Reader probe;
        private long probeOrdinal;
        private boolean unmatchedPass;

        private PartitionJoin(HashJoinOperator join, Partition part) {
            this.join = join;
            this.part = part;
            this.build = part.build() == null ? null : part.build().reader();
        }

        /** Starts a partition; {@code null} when it was split into next-level partitions instead. */
        static PartitionJoin start(HashJoinOperator join, Partition part) {
            PartitionJoin run = new PartitionJoin(join, part);
            try {
                if (run.loadBlock()) {
                    return run;
                }
                if (part.level() < SpillSizing.MAX_LEVELS && part.splittable()) {
                    run.split();
                    run.close();
                    return null;
                }
                run.blocks = true;
                if (join.joinType == JoinType.LEFT) {
                    run.matched = new BitSet();
                    run.reserveMatched();
                }
                return run;
            } catch (RuntimeException e) {
                run.close();
                throw e;
            }
        }

        private void reserveMatched() {
            long bitsetBytes = 64 + part.probe().rows() / 8;
            join.memory.setBytes(join.table.bytes() + bitsetBytes);
        }

        private long matchedBytes() {
            return matched == null ? 0 : 64 + part.probe().rows() / 8;
        }

        /** Clears the table and loads build rows while they fit; returns whether all remaining ones were loaded. */
        private boolean loadBlock() {
            JoinHashTable table = join.table;
            table.clear();
            join.memory.setBytes(matchedBytes());
            while (true) {
                Chunk c = carry != null ? carry : build == null ? null : build.next();
                carry = null;
                if (c == null) {
                    buildExhausted = true;
                    return true;
                }
                long need = table.bytesToAdd(c);
                if (!join.memory.trySetBytes(matchedBytes() + table.bytes() + need)) {
                    if (table.isEmpty()) {
                        throw join.context.memoryPool().exceeded(need);
                    }
                    carry = c;
                    return false;
                }
                table.add(c);
                join.memory.setBytes(matchedBytes() + table.bytes());
            }
        }

        /** Splits into next-level partitions: the loaded rows, the carried chunk, the unread build rows, all probe rows. */
        private void split() {
            int level = part.level();
            SpillFile[] builds;
            SpillFile[] probes;
            join.spillPageBytes = SpillSizing.affordablePageBytes(join.memory);
            try (PartitionedSpillWriter buildOut = join.newWriter("join-build", join.buildTypes,
                64 + 24L * join.buildTypes.size());
                 PartitionedSpillWriter probeOut = join.newWriter("join-probe", join.probeTypes,
                     64 + 24L * join.probeTypes.size())) {
                join.table.spillTo(buildOut, level);
                join.table.clear();
                join.memory.setBytes(2 * SpillSizing.PARTITIONS * join.spillPageBytes);
                for (Chunk c = carry; c != null; c = build.next()) {
                    join.route(c, join.buildKeys, buildOut, level);
                }
                carry = null;
                try (SpillFile.Reader probes0 = part.probe().reader()) {
                    for (Chunk c = probes0.next(); c != null; c = probes0.next()) {
                        join.route(c, join.probeKeys, probeOut, level);
                    }
                }
                builds = buildOut.finish();
                probes = probeOut.finish();
            }
            join.memory.setBytes(0);
            long buildRows = part.build().rows();
            for (int p = SpillSizing.PARTITIONS - 1; p >= 0; p--) {
                boolean together = builds[p] != null && builds[p].rows() == buildRows;
                join.addPartition(new Partition(builds[p], probes[p], level + 1, !together));
            }
        }

        /** Hands the join its next probe chunk (or loads the next block); returns false when the partition is done. */
        boolean step() {
            if (probe == null) {
                probe = part.probe().reader();
                probeOrdinal = 0;
            }
            Chunk c = probe.next();
            if (c != null) {
                join.startProbe(c, matched, probeOrdinal, unmatchedPass);
                probeOrdinal += c.positionCount();
                return true;
            }
            probe.close();
            probe = null;
            if (unmatchedPass) {
                return false;
            }
            if (!buildExhausted) {
                loadBlock();
                return true;
            }
            if (blocks && matched != null) {
                join.table.clear();
                unmatchedPass = true;
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            try {
                if (probe != null) {
                    probe.close();
                }
                if (build != null) {
                    build.close();
                }
            } finally {
                part.delete();
                join.table.clear();
            }
        }
    }
}
