package com.polardbx.executor.operator;

import java.util.List;

/** Closes several resources, attempting every one and rethrowing the first failure. */
final class CloseAll {
    private CloseAll() {
    }

    static void close(List<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new RuntimeException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
