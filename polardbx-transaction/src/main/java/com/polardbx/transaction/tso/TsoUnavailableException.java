package com.polardbx.transaction.tso;

/**
 * No timestamp right now from the path tried (lease view expired, leader unreachable or not the leader any more);
 * {@link TsoService} retries on another path until its bounded wait ends, then reports error 1105.
 */
final class TsoUnavailableException extends RuntimeException {
    TsoUnavailableException(String message) {
        super(message, null, false, false);
    }

    TsoUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
