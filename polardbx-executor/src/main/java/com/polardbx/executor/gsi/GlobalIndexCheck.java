package com.polardbx.executor.gsi;

import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.route.InsertRouter;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code CHECK GLOBAL INDEX}: compares every row of the primary with the index, by primary key: MISSING (a row
 * without its index row), ORPHAN (an index row without its row), MISMATCH (different stored values), MISPLACED (an
 * index row on a shard its values do not route to, where reads never find it). With
 * correction the index is rebuilt from the primary for those rows. Reads each side whole, shard by shard: meant for
 * verification runs, not for very large tables.
 */
public final class GlobalIndexCheck {
    /** One problem found. */
    public record Problem(String kind, String key) {
    }

    /** What a check found, and how many rows it compared. */
    public record Report(long primaryRows, long indexRows, List<Problem> problems) {
        public long count(String kind) {
            return problems.stream().filter(p -> p.kind().equals(kind)).count();
        }
    }

    private final TableMeta primary;
    private final GlobalIndexMeta index;
    private final GlobalIndexMaintenance writer;
    private final InsertRouter router;
    /** The shard each index row was read from. */
    private final Map<StoredRow, PartitionDef> foundOn = new java.util.IdentityHashMap<>();

    public GlobalIndexCheck(TableMeta primary, GlobalIndexMeta index, InsertRouter router) {
        this.primary = primary;
        this.index = index;
        this.router = router;
        this.writer = new GlobalIndexMaintenance(primary, router);
    }

    public Report run(ConnectionProvider connections, boolean correct) {
        List<ColumnDef> stored = new ArrayList<>();
        index.storedColumns().forEach(c -> stored.add(primary.column(c).orElseThrow()));
        Map<List<ByteBuffer>, StoredRow> rows = readAll(primary.partitions(), stored, connections);
        List<ColumnDef> indexColumns = new ArrayList<>();
        index.storedColumns().forEach(c -> indexColumns.add(index.table().column(c).orElseThrow()));
        Map<List<ByteBuffer>, StoredRow> indexRows = readAll(index.table().partitions(), indexColumns, connections);
        List<Problem> problems = new ArrayList<>();
        List<StoredRow> toDelete = new ArrayList<>();
        List<StoredRow> toInsert = new ArrayList<>();
        rows.forEach((key, row) -> {
            StoredRow in = indexRows.get(key);
            if (in == null) {
                problems.add(new Problem("MISSING", describe(row)));
                toInsert.add(row);
            } else if (!row.sameValues(in, index.storedColumns())) {
                problems.add(new Problem("MISMATCH", describe(row)));
                toDelete.add(in);
                toInsert.add(row);
            } else if (!routesTo(in).contains(foundOn.get(in))) {
                problems.add(new Problem("MISPLACED", describe(row)));
                toDelete.add(in);
                toInsert.add(row);
            }
        });
        indexRows.forEach((key, in) -> {
            if (!rows.containsKey(key)) {
                problems.add(new Problem("ORPHAN", describe(in)));
                toDelete.add(in);
            }
        });
        if (correct) {
            // deleted where they were found (a misplaced or orphan row is not where its values route)
            for (StoredRow in : toDelete) {
                PartitionDef p = foundOn.get(in);
                Connection c = connections.acquire(p.dnId());
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM " + GlobalIndexMaintenance.physical(p) + " WHERE "
                        + whereKey(in));
                } catch (SQLException e) {
                    throw com.polardbx.common.error.SqlError.fromDataNode(p.dnId(), e);
                } finally {
                    connections.release(p.dnId(), c);
                }
            }
            writer.insert(index, toInsert, connections, "INSERT");
        }
        return new Report(rows.size(), indexRows.size(), problems);
    }

    private List<PartitionDef> routesTo(StoredRow in) {
        List<String> keys = index.table().partitionInfo().columns();
        return router.partitionsOf(index.table(), keys, GlobalIndexMaintenance.routingValues(in, keys));
    }

    private String whereKey(StoredRow row) {
        List<String> terms = new ArrayList<>();
        List<String> literals = writer.keyOf(row).literals();
        for (int i = 0; i < literals.size(); i++) {
            terms.add(com.polardbx.common.sql.SqlLiterals.identifier(writer.primaryKey().get(i)) + " = "
                + literals.get(i));
        }
        return String.join(" AND ", terms);
    }

    private String describe(StoredRow row) {
        return String.join(", ", writer.keyOf(row).literals());
    }

    private Map<List<ByteBuffer>, StoredRow> readAll(List<PartitionDef> partitions, List<ColumnDef> columns,
                                                    ConnectionProvider connections) {
        Map<List<ByteBuffer>, StoredRow> out = new LinkedHashMap<>();
        String select = GlobalIndexMaintenance.selectList(columns);
        for (PartitionDef p : partitions) {
            Connection c = connections.acquire(p.dnId());
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + GlobalIndexMaintenance.physical(p))) {
                while (rs.next()) {
                    byte[][] values = new byte[columns.size()][];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getBytes(i + 1);
                    }
                    StoredRow row = new StoredRow(columns, values);
                    out.put(row.identity(writer.primaryKey()), row);
                    foundOn.put(row, p);
                }
            } catch (SQLException e) {
                throw com.polardbx.common.error.SqlError.fromDataNode(p.dnId(), e);
            } finally {
                connections.release(p.dnId(), c);
            }
        }
        return out;
    }
}
