package com.polardbx.transaction.tso;

import java.time.Duration;

/**
 * Settings of a {@link TsoService}.
 *
 * @param cnId this CN's id, recorded as the lease holder (at most 64 characters)
 * @param bindHost where the TSO server listens; also the host other CNs connect to, so not a wildcard address
 * @param port TSO server port, 0 for any free port
 * @param lease how long a lease write holds the lease (metadb time)
 * @param leaseMargin safety margin: the holder stops serving this long before its lease expires (by its own
 *     monotonic clock), and a new holder takes over only this long after it expired (by metadb time)
 * @param renewInterval how often the holder renews and the other CNs re-read the lease row
 * @param unavailableTimeout how long {@link TsoService#next()} waits for a serving leader before failing with 1105
 * @param gateTimeout how long a remote commit-gate enter waits for admission before failing with 1205
 */
public record TsoServiceConfig(String cnId, String bindHost, int port, Duration lease, Duration leaseMargin,
                               Duration renewInterval, Duration unavailableTimeout, Duration gateTimeout) {
    public TsoServiceConfig {
        if (cnId.isEmpty() || cnId.length() > 64) {
            throw new IllegalArgumentException("CN id must have 1..64 characters: '" + cnId + "'");
        }
        if (bindHost.equals("0.0.0.0") || bindHost.equals("::")) {
            throw new IllegalArgumentException("the TSO server address is published to other CNs: bind a real host");
        }
        if (leaseMargin.multipliedBy(2).compareTo(lease) >= 0) {
            throw new IllegalArgumentException("lease margin must be less than half the lease");
        }
        if (renewInterval.compareTo(lease.minus(leaseMargin).dividedBy(2)) > 0) {
            throw new IllegalArgumentException("renew at least twice per lease (minus margin)");
        }
    }

    /** Defaults: lease 3 s, margin 500 ms, renewal every 1 s, callers wait up to 10 s, gate enters up to 10 s. */
    public static TsoServiceConfig of(String cnId, String bindHost, int port) {
        return new TsoServiceConfig(cnId, bindHost, port, Duration.ofSeconds(3), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    public TsoServiceConfig withLease(Duration lease, Duration leaseMargin, Duration renewInterval) {
        return new TsoServiceConfig(cnId, bindHost, port, lease, leaseMargin, renewInterval, unavailableTimeout,
            gateTimeout);
    }

    public TsoServiceConfig withUnavailableTimeout(Duration unavailableTimeout) {
        return new TsoServiceConfig(cnId, bindHost, port, lease, leaseMargin, renewInterval, unavailableTimeout,
            gateTimeout);
    }

    public TsoServiceConfig withGateTimeout(Duration gateTimeout) {
        return new TsoServiceConfig(cnId, bindHost, port, lease, leaseMargin, renewInterval, unavailableTimeout,
            gateTimeout);
    }
}
