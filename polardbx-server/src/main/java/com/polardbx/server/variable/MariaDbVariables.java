package com.polardbx.server.variable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The session variables of MariaDB 10.11 that the CN has no feature of its own for, so that a client or tool that
 * sets or reads one ({@code SET SQL_QUOTE_SHOW_CREATE=1}, {@code SET optimizer_switch=...},
 * {@code @@max_statement_time}) gets what MariaDB would give. The list is a resource read from a MariaDB
 * ({@code information_schema.SYSTEM_VARIABLES}) without anything that describes one server's files or identity.
 */
final class MariaDbVariables {
    private static final String RESOURCE = "mariadb-session-variables.tsv";
    private static final Set<String> NUMERIC_TYPES = Set.of("BIGINT UNSIGNED", "BIGINT", "INT UNSIGNED", "INT",
        "BOOLEAN");

    private MariaDbVariables() {
    }

    /** Adds each listed variable with MariaDB's default to {@code defaults}, keeping values already there. */
    static void addTo(Map<String, Object> defaults) {
        try (InputStream in = MariaDbVariables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                defaults.putIfAbsent(f[0], value(f[1], f.length > 2 ? f[2] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(String type, String text) {
        if (!NUMERIC_TYPES.contains(type)) {
            return text;
        }
        if (type.equals("BOOLEAN")) {
            return text.equalsIgnoreCase("ON") || text.equals("1") ? 1L : 0L;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new java.math.BigInteger(text); // 18446744073709551615: printed as MariaDB prints it
        }
    }
}
