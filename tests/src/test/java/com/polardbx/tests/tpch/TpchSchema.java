package com.polardbx.tests.tpch;

import java.util.List;

/**
 * The eight TPC-H tables: column definitions of clause 1.4 with primary keys and indexes on the foreign keys, and the
 * CN placement of each: lineitem and orders co-partitioned on the order key (same function and partition count, so
 * they share a table group), part and partsupp on the part key, customer and supplier on their keys, nation and region
 * broadcast.
 */
public final class TpchSchema {
    /** A table: name, column list and the CN placement clause appended to its DDL. */
    public record Table(String name, String columns, String placement) {
        /** The DDL for the CN ({@code partitioned}) or for a plain MariaDB database. */
        public String ddl(boolean partitioned) {
            return "CREATE TABLE " + name + " (" + columns + ")" + (partitioned ? " " + placement : "");
        }
    }

    /** Partition count of the hash-partitioned tables. */
    public static final int PARTITIONS = 8;

    public static final List<Table> TABLES = List.of(
        new Table("region", "r_regionkey INT NOT NULL, r_name CHAR(25) NOT NULL, r_comment VARCHAR(152),"
            + " PRIMARY KEY (r_regionkey)", "BROADCAST"),
        new Table("nation", "n_nationkey INT NOT NULL, n_name CHAR(25) NOT NULL, n_regionkey INT NOT NULL,"
            + " n_comment VARCHAR(152), PRIMARY KEY (n_nationkey), KEY n_regionkey (n_regionkey)", "BROADCAST"),
        new Table("supplier", "s_suppkey INT NOT NULL, s_name CHAR(25) NOT NULL, s_address VARCHAR(40) NOT NULL,"
            + " s_nationkey INT NOT NULL, s_phone CHAR(15) NOT NULL, s_acctbal DECIMAL(15,2) NOT NULL,"
            + " s_comment VARCHAR(101) NOT NULL, PRIMARY KEY (s_suppkey), KEY s_nationkey (s_nationkey)",
            hash("s_suppkey")),
        new Table("part", "p_partkey INT NOT NULL, p_name VARCHAR(55) NOT NULL, p_mfgr CHAR(25) NOT NULL,"
            + " p_brand CHAR(10) NOT NULL, p_type VARCHAR(25) NOT NULL, p_size INT NOT NULL,"
            + " p_container CHAR(10) NOT NULL, p_retailprice DECIMAL(15,2) NOT NULL, p_comment VARCHAR(23) NOT NULL,"
            + " PRIMARY KEY (p_partkey)", hash("p_partkey")),
        new Table("partsupp", "ps_partkey INT NOT NULL, ps_suppkey INT NOT NULL, ps_availqty INT NOT NULL,"
            + " ps_supplycost DECIMAL(15,2) NOT NULL, ps_comment VARCHAR(199) NOT NULL,"
            + " PRIMARY KEY (ps_partkey, ps_suppkey), KEY ps_suppkey (ps_suppkey)", hash("ps_partkey")),
        new Table("customer", "c_custkey INT NOT NULL, c_name VARCHAR(25) NOT NULL, c_address VARCHAR(40) NOT NULL,"
            + " c_nationkey INT NOT NULL, c_phone CHAR(15) NOT NULL, c_acctbal DECIMAL(15,2) NOT NULL,"
            + " c_mktsegment CHAR(10) NOT NULL, c_comment VARCHAR(117) NOT NULL, PRIMARY KEY (c_custkey),"
            + " KEY c_nationkey (c_nationkey)", hash("c_custkey")),
        new Table("orders", "o_orderkey INT NOT NULL, o_custkey INT NOT NULL, o_orderstatus CHAR(1) NOT NULL,"
            + " o_totalprice DECIMAL(15,2) NOT NULL, o_orderdate DATE NOT NULL, o_orderpriority CHAR(15) NOT NULL,"
            + " o_clerk CHAR(15) NOT NULL, o_shippriority INT NOT NULL, o_comment VARCHAR(79) NOT NULL,"
            + " PRIMARY KEY (o_orderkey), KEY o_custkey (o_custkey), KEY o_orderdate (o_orderdate)",
            hash("o_orderkey")),
        new Table("lineitem", "l_orderkey INT NOT NULL, l_partkey INT NOT NULL, l_suppkey INT NOT NULL,"
            + " l_linenumber INT NOT NULL, l_quantity DECIMAL(15,2) NOT NULL, l_extendedprice DECIMAL(15,2) NOT NULL,"
            + " l_discount DECIMAL(15,2) NOT NULL, l_tax DECIMAL(15,2) NOT NULL, l_returnflag CHAR(1) NOT NULL,"
            + " l_linestatus CHAR(1) NOT NULL, l_shipdate DATE NOT NULL, l_commitdate DATE NOT NULL,"
            + " l_receiptdate DATE NOT NULL, l_shipinstruct CHAR(25) NOT NULL, l_shipmode CHAR(10) NOT NULL,"
            + " l_comment VARCHAR(44) NOT NULL, PRIMARY KEY (l_orderkey, l_linenumber),"
            + " KEY l_partkey_suppkey (l_partkey, l_suppkey), KEY l_suppkey (l_suppkey), KEY l_shipdate (l_shipdate)",
            hash("l_orderkey")));

    private TpchSchema() {
    }

    private static String hash(String column) {
        return "PARTITION BY HASH(" + column + ") PARTITIONS " + PARTITIONS;
    }
}
