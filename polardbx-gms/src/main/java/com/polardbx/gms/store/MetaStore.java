package com.polardbx.gms.store;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.meta.ViewMeta;
import com.polardbx.gms.stats.TableStatisticsRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All metadata reads and writes; thread-safe; reads served from an in-memory cache that writes update (single CN for
 * now; a {@code meta_version} row bumped on every change lets other CNs notice later, see {@link #reloadIfChanged()}).
 *
 * <p>Database and table names are stored in lower case (MySQL's {@code lower_case_table_names=1}). Writes are
 * serialized on this object: each runs one metadb transaction, then replaces the cached entries.
 */
public final class MetaStore {
    private static final Logger log = LoggerFactory.getLogger(MetaStore.class);

    private final MetaDb db;
    private final DdlJobAccessor ddlJobs;
    private final SequenceAccessor sequences;
    private final TableGroupAccessor tableGroups;
    private volatile Map<String, StorageNode> storageNodes = Map.of();
    /** Replaced whole on every change, so readers never see a half-applied one. */
    private volatile Catalog catalog = new Catalog(Map.of(), Map.of(), Map.of());
    private volatile long loadedVersion = -1;

    public MetaStore(MetaDb db) {
        this.db = db;
        this.ddlJobs = new DdlJobAccessor(db);
        this.sequences = new SequenceAccessor(db);
        this.tableGroups = new TableGroupAccessor(db);
        reload();
    }

    public MetaDb metaDb() {
        return db;
    }

    // ---------------------------------------------------------------- cache

    /** Reloads the whole cache from the metadb. */
    public synchronized void reload() {
        try (Connection c = db.connection()) {
            long version = readVersion(c);
            Map<String, StorageNode> nodes = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, kind, host, port, user_name, password FROM storage_node ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.put(rs.getString(1), new StorageNode(rs.getString(1),
                        StorageNode.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6)));
                }
            }
            Map<String, DatabaseMeta> dbs = DatabaseRows.loadAll(c);
            Map<String, Map<String, TableMeta>> tbls = TableRows.loadAll(c);
            GlobalIndexRows.attach(c, tbls);
            storageNodes = Map.copyOf(nodes);
            Map<String, Map<String, TableMeta>> bySchema = new HashMap<>();
            for (String schema : dbs.keySet()) {
                bySchema.put(schema, Map.copyOf(tbls.getOrDefault(schema, Map.of())));
            }
            Map<String, Map<String, ViewMeta>> views = new HashMap<>();
            ViewRows.loadAll(c).forEach((schema, inSchema) -> views.put(schema, Map.copyOf(inSchema)));
            catalog = new Catalog(Map.copyOf(dbs), Map.copyOf(bySchema), Map.copyOf(views));
            loadedVersion = version;
            log.info("metadata cache loaded: version {}, {} databases, {} storage nodes", version, dbs.size(),
                nodes.size());
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    /** Reloads when another writer bumped the metadb version since the last load; returns whether it did. */
    public boolean reloadIfChanged() {
        try (Connection c = db.connection()) {
            if (readVersion(c) == loadedVersion) {
                return false;
            }
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
        reload();
        return true;
    }

    /** The metadata version this cache reflects. */
    public long version() {
        return loadedVersion;
    }

    private static long readVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM meta_version WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Runs a metadata change in one transaction that also bumps the version, and records the new version. */
    private void change(MetaSql.TxBody<Void> body) {
        long v = MetaSql.inTransaction(db, c -> {
            body.run(c);
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE meta_version SET version = version + 1 WHERE id = 1")) {
                ps.executeUpdate();
            }
            return readVersion(c);
        });
        // Only move forward when nobody else wrote in between; otherwise the next reloadIfChanged catches up.
        if (v == loadedVersion + 1) {
            loadedVersion = v;
        }
    }

    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- storage nodes

    /** Inserts or replaces the storage node with this id. */
    public synchronized void registerStorageNode(StorageNode n) {
        change(c -> {
            try (PreparedStatement ps = c.prepareStatement("REPLACE INTO storage_node (id, kind, host, port,"
                + " user_name, password) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, n.id());
                ps.setString(2, n.kind().name());
                ps.setString(3, n.host());
                ps.setInt(4, n.port());
                ps.setString(5, n.user());
                ps.setString(6, n.password());
                ps.executeUpdate();
            }
            return null;
        });
        Map<String, StorageNode> copy = new TreeMap<>(storageNodes);
        copy.put(n.id(), n);
        storageNodes = Map.copyOf(copy);
    }

    /** Data nodes (kind DN), sorted by id. */
    public List<StorageNode> dataNodes() {
        return storageNodes.values().stream().filter(n -> n.kind() == StorageNode.Kind.DN)
            .sorted(Comparator.comparing(StorageNode::id)).toList();
    }

    public Optional<StorageNode> storageNode(String id) {
        return Optional.ofNullable(storageNodes.get(id));
    }

    // ---------------------------------------------------------------- databases

    public Optional<DatabaseMeta> database(String name) {
        return Optional.ofNullable(catalog.databases().get(normalize(name)));
    }

    /** All databases sorted by name. */
    public List<DatabaseMeta> databases() {
        return catalog.databases().values().stream().sorted(Comparator.comparing(DatabaseMeta::name)).toList();
    }

    /** Creates a database; {@code SqlError} 1007 if one with this name exists. */
    public synchronized void createDatabase(DatabaseMeta meta) {
        String name = normalize(meta.name());
        if (catalog.databases().containsKey(name)) {
            throw new SqlError(ErrorCode.ER_DB_CREATE_EXISTS, name);
        }
        DatabaseMeta stored = new DatabaseMeta(name, meta.mode(), meta.charset(), meta.collation(),
            Map.copyOf(meta.physicalDbs()));
        change(c -> {
            DatabaseRows.insert(c, stored);
            return null;
        });
        catalog = catalog.withDatabase(stored);
    }

    /** Drops a database and all its tables' metadata and sequences; {@code SqlError} 1008 if it does not exist. */
    public synchronized void dropDatabase(String name) {
        String schema = normalize(name);
        if (!catalog.databases().containsKey(schema)) {
            throw new SqlError(ErrorCode.ER_DB_DROP_EXISTS, schema);
        }
        change(c -> {
            DatabaseRows.delete(c, schema);
            TableRows.deleteSchema(c, schema);
            GlobalIndexRows.deleteSchema(c, schema);
            ViewRows.delete(c, schema, null);
            SequenceAccessor.delete(c, schema, null);
            TableGroupAccessor.deleteSchema(c, schema);
            StatisticsRows.delete(c, schema, null);
            return null;
        });
        catalog = catalog.withoutDatabase(schema);
    }

    // ---------------------------------------------------------------- tables

    public Optional<TableMeta> table(String schema, String name) {
        Map<String, TableMeta> inSchema = catalog.tables().get(normalize(schema));
        return inSchema == null ? Optional.empty() : Optional.ofNullable(inSchema.get(normalize(name)));
    }

    /** The tables of a schema sorted by name; empty when the schema does not exist. */
    public List<TableMeta> tables(String schema) {
        Map<String, TableMeta> inSchema = catalog.tables().get(normalize(schema));
        if (inSchema == null) {
            return List.of();
        }
        return inSchema.values().stream().sorted(Comparator.comparing(TableMeta::name)).toList();
    }

    /**
     * Inserts or replaces all rows of the table (columns, indexes, partitions) in one metadb transaction and bumps
     * the version. {@code SqlError} 1049 if the schema does not exist.
     */
    public synchronized void saveTable(TableMeta t) {
        String schema = normalize(t.schema());
        String name = normalize(t.name());
        requireSchema(schema);
        TableMeta stored = new TableMeta(schema, name, t.kind(), List.copyOf(t.columns()), List.copyOf(t.indexes()),
            t.partitionInfo(), t.tableGroupId(), t.createSql(), t.version(), List.copyOf(t.foreignKeys()),
            List.copyOf(t.globalIndexes()));
        change(c -> {
            GlobalIndexRows.delete(c, schema, name);
            TableRows.delete(c, schema, name);
            TableRows.insert(c, stored, schema, name);
            GlobalIndexRows.insert(c, stored, schema, name);
            return null;
        });
        catalog = catalog.withTable(stored);
    }

    /** Removes a table's metadata and its sequence; {@code SqlError} 1051 if it does not exist. */
    public synchronized void dropTable(String schema, String name) {
        String s = normalize(schema);
        String n = normalize(name);
        Map<String, TableMeta> inSchema = requireSchema(s);
        if (!inSchema.containsKey(n)) {
            throw new SqlError(ErrorCode.ER_BAD_TABLE, s + "." + n);
        }
        change(c -> {
            GlobalIndexRows.delete(c, s, n);
            TableRows.delete(c, s, n);
            SequenceAccessor.delete(c, s, n);
            StatisticsRows.delete(c, s, n);
            return null;
        });
        catalog = catalog.withoutTable(s, n);
    }

    // ---------------------------------------------------------------- views

    public Optional<ViewMeta> view(String schema, String name) {
        Map<String, ViewMeta> inSchema = catalog.views().get(normalize(schema));
        return inSchema == null ? Optional.empty() : Optional.ofNullable(inSchema.get(normalize(name)));
    }

    /** Whether any database has a view: statements skip looking for views when none exists. */
    public boolean hasViews() {
        return catalog.views().values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** The views of a schema sorted by name. */
    public List<ViewMeta> views(String schema) {
        return catalog.views().getOrDefault(normalize(schema), Map.of()).values().stream()
            .sorted(Comparator.comparing(ViewMeta::name)).toList();
    }

    /** Inserts or replaces a view; {@code SqlError} 1049 if the schema does not exist. */
    public synchronized void saveView(ViewMeta v) {
        String schema = normalize(v.schema());
        String name = normalize(v.name());
        requireSchema(schema);
        ViewMeta stored = new ViewMeta(schema, name, v.definition(), List.copyOf(v.columnList()),
            List.copyOf(v.columns()), v.algorithm(), v.definer(), v.securityType(), v.checkOption(),
            v.characterSetClient(), v.collationConnection(), v.updatable());
        change(c -> {
            ViewRows.delete(c, schema, name);
            ViewRows.insert(c, stored);
            return null;
        });
        catalog = catalog.withView(stored);
    }

    /** Removes a view; {@code SqlError} 1051 if it does not exist. */
    public synchronized void dropView(String schema, String name) {
        String s = normalize(schema);
        String n = normalize(name);
        if (view(s, n).isEmpty()) {
            throw new SqlError(ErrorCode.ER_BAD_TABLE, s + "." + n);
        }
        change(c -> {
            ViewRows.delete(c, s, n);
            return null;
        });
        catalog = catalog.withoutView(s, n);
    }

    /** Renames a table's metadata (physical names stay as recorded in its partitions). */
    public synchronized void renameTable(String schema, String oldName, String newName) {
        String s = normalize(schema);
        String from = normalize(oldName);
        String to = normalize(newName);
        Map<String, TableMeta> inSchema = requireSchema(s);
        TableMeta old = inSchema.get(from);
        if (old == null) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, s, from);
        }
        if (inSchema.containsKey(to)) {
            throw new SqlError(ErrorCode.ER_TABLE_EXISTS, to);
        }
        change(c -> {
            TableRows.rename(c, s, from, to);
            GlobalIndexRows.rename(c, s, from, to);
            ForeignKeyRows.renameParent(c, s, from, to);
            SequenceAccessor.rename(c, s, from, to);
            StatisticsRows.rename(c, s, from, to);
            return null;
        });
        Catalog next = catalog.withoutTable(s, from).withTable(old.withName(to));
        for (TableMeta child : referencing(next, s, from)) {
            next = next.withTable(child.withForeignKeys(child.foreignKeys().stream()
                .map(k -> k.references(s, from) ? k.withParent(s, to) : k).toList()));
        }
        catalog = next;
    }

    /** The catalog last scanned by {@link #anyForeignKeys} and what it found. */
    private volatile Object[] foreignKeysSeen = {null, false};

    /**
     * Whether any table has a foreign key, scanned once per catalog version: writes skip looking for keys when none
     * has (the common case).
     */
    public boolean anyForeignKeys() {
        Catalog c = catalog;
        Object[] seen = foreignKeysSeen;
        if (seen[0] != c) {
            boolean any = c.tables().values().stream().flatMap(m -> m.values().stream())
                .anyMatch(t -> !t.foreignKeys().isEmpty());
            seen = new Object[] {c, any};
            foreignKeysSeen = seen;
        }
        return (Boolean) seen[1];
    }

    /**
     * The tables with a foreign key pointing at {@code schema.table} (which need not exist), the table itself
     * included when it references itself; sorted by schema and name.
     */
    public List<TableMeta> referencing(String schema, String table) {
        return referencing(catalog, normalize(schema), normalize(table));
    }

    private static List<TableMeta> referencing(Catalog from, String schema, String table) {
        return from.tables().values().stream().flatMap(m -> m.values().stream())
            .filter(t -> t.foreignKeys().stream().anyMatch(k -> k.references(schema, table)))
            .sorted(Comparator.comparing(TableMeta::schema).thenComparing(TableMeta::name)).toList();
    }

    /** The logical name of the table that has this physical table, if any (a scan: for error messages only). */
    public Optional<String> logicalNameOf(String physicalTable) {
        return catalog.tables().values().stream().flatMap(m -> m.values().stream())
            .filter(t -> t.partitionInfo() != null && t.partitions().stream()
                .anyMatch(p -> p.physicalTable().equals(physicalTable)))
            .map(TableMeta::name).findFirst();
    }

    private Map<String, TableMeta> requireSchema(String schema) {
        Map<String, TableMeta> inSchema = catalog.tables().get(schema);
        if (inSchema == null) {
            throw new SqlError(ErrorCode.ER_BAD_DB, schema);
        }
        return inSchema;
    }

    /**
     * Finds or creates the table group of this scheme: same strategy, expression, partition count, bounds and column
     * types give the same group within a schema.
     */
    public long tableGroupFor(String schema, PartitionInfo scheme, List<String> partitionColumnTypes) {
        return tableGroups.findOrCreate(normalize(schema), scheme, partitionColumnTypes);
    }

    // ---------------------------------------------------------------- statistics

    /**
     * Stores what ANALYZE TABLE found for one table, replacing earlier statistics; bumps the metadata version so
     * cached plans are made again with the new figures.
     */
    public synchronized void saveStatistics(TableStatisticsRecord stats) {
        TableStatisticsRecord stored = new TableStatisticsRecord(normalize(stats.schema()), normalize(stats.table()),
            stats.rowCount(), stats.sampledRows(), stats.columns(), stats.analyzedAtMillis());
        change(c -> {
            StatisticsRows.replace(c, stored);
            return null;
        });
    }

    /** All stored table statistics, read from the metadb (not cached here: the optimizer's provider caches them). */
    public List<TableStatisticsRecord> loadStatistics() {
        try (Connection c = db.connection()) {
            return StatisticsRows.loadAll(c);
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    // ---------------------------------------------------------------- sequences

    /** Returns the first id of a block of {@code count} consecutive ids, reserved atomically and durably. */
    public long reserveAutoIncrement(String schema, String table, int count) {
        return sequences.reserve(normalize(schema), normalize(table), count);
    }

    /** The first id of the next block any CN reserves. */
    public long peekAutoIncrement(String schema, String table) {
        return sequences.peek(normalize(schema), normalize(table));
    }

    /** TRUNCATE TABLE: the next reserved id is 1 again, as InnoDB restarts the counter. */
    public void resetAutoIncrement(String schema, String table) {
        MetaSql.inTransaction(db, c -> {
            SequenceAccessor.delete(c, normalize(schema), normalize(table));
            return null;
        });
    }

    /** Makes the next reserved id greater than {@code atLeast}; never lowers it. */
    public void raiseAutoIncrement(String schema, String table, long atLeast) {
        sequences.raise(normalize(schema), normalize(table), atLeast);
    }

    // ---------------------------------------------------------------- DDL jobs

    /** Inserts a job (its id, created and updated fields are ignored) and returns the generated id. */
    public long createDdlJob(DdlJobRecord job) {
        return ddlJobs.create(job);
    }

    public void updateDdlJob(long id, String state, int progressPercent, String payload, String error) {
        ddlJobs.update(id, state, progressPercent, payload, error);
    }

    /** Jobs whose state is not DONE, ROLLED_BACK or FAILED, oldest first. */
    public List<DdlJobRecord> unfinishedDdlJobs() {
        return ddlJobs.unfinished();
    }

    /** The newest {@code limit} jobs, newest first. */
    public List<DdlJobRecord> recentDdlJobs(int limit) {
        return ddlJobs.recent(limit);
    }
}
