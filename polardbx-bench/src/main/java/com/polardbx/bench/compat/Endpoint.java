package com.polardbx.bench.compat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A MySQL server to connect to: host, port, account and database. */
record Endpoint(String host, int port, String user, String password, String database) {
    /** {@code host:port/db} (port 3306 and database optional). */
    static Endpoint parse(String address, String user, String password) {
        String hostPort = address;
        String db = null;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            hostPort = address.substring(0, slash);
            db = address.substring(slash + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 3306 : Integer.parseInt(hostPort.substring(colon + 1));
        return new Endpoint(host, port, user, password == null ? "" : password, db);
    }

    Endpoint withDatabase(String db) {
        return new Endpoint(host, port, user, password, db);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database)
            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&allowMultiQueries=false", user, password);
    }

    /** Arguments for the mariadb command-line tools. */
    List<String> cliArgs() {
        List<String> args = new ArrayList<>(List.of("-h" + host, "-P" + port, "-u" + user, "--skip-ssl"));
        if (!password.isEmpty()) {
            args.add("-p" + password);
        }
        return args;
    }
}
