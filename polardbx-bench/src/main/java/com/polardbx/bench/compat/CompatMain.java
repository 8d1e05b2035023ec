package com.polardbx.bench.compat;

import com.polardbx.common.digest.StatementDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/polardbx compat}: tells a MySQL user which statements of their application will not work on the CN
 * before they move. Builds the schema in a scratch database of the CN, groups the captured statements by digest,
 * runs one example of each (changes rolled back) and writes report.html and report.csv.
 */
public final class CompatMain {
    private CompatMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the check with command-line arguments; returns the exit code (0 done, 2 usage). */
    public static int run(String... args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        String captured = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                captured = args[i];
            }
        }
        if (captured == null || !options.containsKey("schema")) {
            System.err.println("usage: compat --schema <dump.sql | host:port/db> [--source host:port/db]"
                + " [--source-user U] [--source-password P] [--host H] [--port P] [--user U] [--password P]"
                + " [--out DIR] <captured SQL: general log, slow log or statements file>");
            return 2;
        }
        Endpoint cnServer = new Endpoint(options.getOrDefault("host", "127.0.0.1"),
            Integer.parseInt(options.getOrDefault("port", "8527")), options.getOrDefault("user", "root"),
            options.getOrDefault("password", ""), null);
        String schema = options.get("schema");
        boolean schemaIsServer = schema.contains(":") && !java.nio.file.Files.exists(Path.of(schema));
        String sourceAddress = options.getOrDefault("source", schemaIsServer ? schema : null);
        Endpoint source = sourceAddress == null ? null : Endpoint.parse(sourceAddress,
            options.getOrDefault("source-user", "root"), options.get("source-password"));
        Path out = Path.of(options.getOrDefault("out", "compat-report"));
        return run(cnServer, schema, schemaIsServer, source, Path.of(captured), out);
    }

    static int run(Endpoint cnServer, String schema, boolean schemaIsServer, Endpoint source, Path captured,
                   Path out) throws Exception {
        List<String> statements = CapturedStatements.read(captured);
        Map<String, List<String>> byDigest = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String s : statements) {
            StatementDigest d = StatementDigest.of(s);
            byDigest.computeIfAbsent(d.hash(), k -> new ArrayList<>()).add(s);
            texts.putIfAbsent(d.hash(), d.text());
        }
        String scratch = "compat_" + System.currentTimeMillis();
        try (Connection admin = cnServer.connect(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + scratch + " MODE='auto'");
        }
        Endpoint cn = cnServer.withDatabase(scratch);
        try {
            loadSchema(cn, schema, schemaIsServer, source);
            List<DigestCheck> checks = new ArrayList<>();
            Progress progress = new Progress(byDigest.size());
            try (CompatRun run = new CompatRun(cn.connect(), source == null ? null : source.connect())) {
                for (Map.Entry<String, List<String>> e : byDigest.entrySet()) {
                    checks.add(run.check(e.getKey(), texts.get(e.getKey()), e.getValue().size(), e.getValue().get(0)));
                    progress.step();
                }
            }
            CompatReportWriter.write(out, checks, statements.size());
            System.err.println();
            System.out.println(statements.size() + " statements, " + checks.size() + " shapes: "
                + CompatReportWriter.summary(checks) + "; report in " + out.toAbsolutePath());
            return 0;
        } finally {
            try (Connection admin = cnServer.connect(); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + scratch);
            }
        }
    }

    /** The schema from a dump file, or dumped (no data) from the source server. */
    private static void loadSchema(Endpoint cn, String schema, boolean schemaIsServer, Endpoint source)
        throws IOException, InterruptedException {
        Path dump;
        if (schemaIsServer) {
            dump = java.nio.file.Files.createTempFile("compat-schema", ".sql");
            List<String> cmd = new ArrayList<>(List.of("mariadb-dump"));
            cmd.addAll(source.cliArgs());
            cmd.addAll(List.of("--no-data", "--skip-triggers", "--skip-lock-tables", source.database()));
            runTool(new ProcessBuilder(cmd).redirectOutput(dump.toFile()), "mariadb-dump of the schema");
        } else {
            dump = Path.of(schema);
        }
        List<String> cmd = new ArrayList<>(List.of("mariadb"));
        cmd.addAll(cn.cliArgs());
        cmd.add(cn.database());
        runTool(new ProcessBuilder(cmd).redirectInput(dump.toFile()), "loading the schema into the CN");
    }

    private static void runTool(ProcessBuilder pb, String what) throws IOException, InterruptedException {
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(what + " failed");
        }
    }

    /** A progress bar on stderr. */
    private static final class Progress {
        private final int total;
        private int done;

        Progress(int total) {
            this.total = Math.max(1, total);
        }

        void step() {
            done++;
            int width = 40;
            int filled = done * width / total;
            System.err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        }
    }
}
