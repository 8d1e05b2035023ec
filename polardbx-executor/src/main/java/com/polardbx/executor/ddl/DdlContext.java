package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import java.util.List;

/** What every DDL handler needs: metadata, physical execution, job records and fail points. */
record DdlContext(MetaStore meta, PhysicalExecutor physical, PhysicalTableInspector inspector, DdlJobs jobs,
                  FailPoints failPoints, java.util.concurrent.atomic.AtomicReference<java.util.function.LongConsumer>
                      barrier) {

    /** Waits until every live CN uses metadata version {@code version} or newer (see DdlEngine#metadataBarrier). */
    void awaitAllCns(long version) {
        barrier.get().accept(version);
    }

    DatabaseMeta requireDatabase(String schema) {
        return meta.database(schema).orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_DB, schema));
    }

    TableMeta requireTable(QualifiedName table) {
        requireDatabase(table.schema());
        return meta.table(table.schema(), table.name())
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NO_SUCH_TABLE, table.schema(), table.name()));
    }

    /** Ids of the data nodes (not the GMS) in cluster order; partition i goes to element {@code i % size}. */
    List<String> dataNodeIds() {
        return meta.dataNodes().stream().filter(n -> n.kind() == StorageNode.Kind.DN).map(StorageNode::id).toList();
    }

    /** The data nodes holding the database, in cluster order. */
    List<String> dataNodeIds(DatabaseMeta db) {
        return dataNodeIds().stream().filter(db.physicalDbs()::containsKey).toList();
    }
}
