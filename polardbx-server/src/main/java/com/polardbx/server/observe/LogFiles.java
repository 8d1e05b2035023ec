package com.polardbx.server.observe;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.nio.file.Path;

/** Where the CN's log files may go: inside its data directory, never elsewhere. Stateless. */
final class LogFiles {
    private LogFiles() {
    }

    /**
     * The file a variable names, resolved against the data directory; 1231 (wrong value) for a path that leaves
     * it, so SET GLOBAL can't make the CN write over files outside its own directory.
     */
    static Path resolve(Path dataDir, String variable, String name) {
        Path base = dataDir.toAbsolutePath().normalize();
        Path file = base.resolve(name).normalize();
        if (name.isBlank() || !file.startsWith(base) || file.equals(base)) {
            throw new SqlError(ErrorCode.ER_WRONG_VALUE_FOR_VAR, variable, name);
        }
        return file;
    }
}
