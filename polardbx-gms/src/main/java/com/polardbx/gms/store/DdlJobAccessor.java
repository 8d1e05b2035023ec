package com.polardbx.gms.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the {@code ddl_job} table; not cached, since the DDL engine reads it rarely. */
final class DdlJobAccessor {
    private static final String COLUMNS = "id, schema_name, object_name, job_type, ddl_sql, state, progress,"
        + " payload, error_text, gmt_created, gmt_modified";

    private final MetaDb db;

    DdlJobAccessor(MetaDb db) {
        this.db = db;
    }

    long create(DdlJobRecord job) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO ddl_job"
            + " (schema_name, object_name, job_type, ddl_sql, state, progress, payload, error_text)"
            + " VALUES (?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, job.schema());
            ps.setString(2, job.objectName());
            ps.setString(3, job.type());
            ps.setString(4, job.ddlSql());
            ps.setString(5, job.state());
            ps.setInt(6, job.progressPercent());
            ps.setString(7, job.payload());
            ps.setString(8, job.error());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    void update(long id, String state, int progressPercent, String payload, String error) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
            "UPDATE ddl_job SET state = ?, progress = ?, payload = ?, error_text = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setInt(2, progressPercent);
            ps.setString(3, payload);
            ps.setString(4, error);
            ps.setLong(5, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    List<DdlJobRecord> unfinished() {
        return query("SELECT " + COLUMNS + " FROM ddl_job WHERE state NOT IN ('DONE', 'ROLLED_BACK', 'FAILED')"
            + " ORDER BY id", -1);
    }

    List<DdlJobRecord> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM ddl_job ORDER BY id DESC LIMIT ?", limit);
    }

    private List<DdlJobRecord> query(String sql, int limit) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (limit >= 0) {
                ps.setInt(1, limit);
            }
            List<DdlJobRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DdlJobRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                        toLocal(rs.getTimestamp(10)), toLocal(rs.getTimestamp(11))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    private static java.time.LocalDateTime toLocal(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }
}
