package com.polardbx.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Locates the MariaDB server executables installed on this machine ({@code mariadbd}, {@code mariadb-install-db}). */
final class MariaDbBinaries {
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin",
        "/usr/local/mysql/bin");

    private final Path server;
    private final Path installDb;

    private MariaDbBinaries(Path server, Path installDb) {
        this.server = server;
        this.installDb = installDb;
    }

    /** Finds both executables on PATH (plus sbin directories, which are often not on a non-root PATH). */
    static MariaDbBinaries locate() {
        Path server = find("mariadbd");
        Path installDb = find("mariadb-install-db");
        if (server == null || installDb == null) {
            throw new IllegalStateException("MariaDB server binaries not found (need mariadbd and mariadb-install-db on PATH "
                + "or in /usr/sbin). Run `bin/polardbx test` from the repository root: it installs mariadb-server "
                + "and mariadb-client with apt-get, then runs `mvn verify`.");
        }
        return new MariaDbBinaries(server, installDb);
    }

    Path server() {
        return server;
    }

    Path installDb() {
        return installDb;
    }

    private static Path find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
