package com.polardbx.optimizer.rel;

import com.polardbx.gms.meta.PartitionDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;

/** Generates the physical SQL of a {@link LogicalView}: one statement per partition. */
public final class ShardSql {
    private static final SqlDialect DIALECT = MysqlSqlDialect.DEFAULT;

    private ShardSql() {
    }

    /** The SQL with the logical {@code `db`.`table`} name, as EXPLAIN shows it. */
    public static String template(LogicalView view) {
        RelToSqlConverter converter = new RelToSqlConverter(DIALECT);
        return converter.visitRoot(view.pushed()).asStatement().toSqlString(DIALECT).getSql().replace('\n', ' ');
    }

    /** One query per selected partition. */
    public static List<ShardQuery> queries(LogicalView view) {
        String sql = template(view);
        String logicalName = "`" + view.table().schema() + "`.`" + view.table().name() + "`";
        List<ShardQuery> out = new ArrayList<>();
        for (PartitionDef p : view.partitions()) {
            String physical = "`" + p.physicalDb() + "`.`" + p.physicalTable() + "`";
            out.add(new ShardQuery(p.dnId(), sql.replace(logicalName, physical)));
        }
        return out;
    }

    /** A statement to run on one DN. */
    public record ShardQuery(String dnId, String sql) {
    }
}
