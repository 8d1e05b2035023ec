package com.polardbx.bench.compat;

/**
 * What the compatibility check found for one distinct statement shape.
 *
 * @param status {@code supported}, {@code refused} (the CN gave an error the source did not), {@code differs}
 *               (both ran, results differ), or {@code fails on source too}
 */
record DigestCheck(String digest, String digestText, int count, String example, String status, int errno,
                   String message) {
}
