/**
 * Statement digests as MySQL 8 computes them: the normalised statement text (DIGEST_TEXT) and its SHA-256
 * (DIGEST), used by the digest summary table, the slow log and the audit log.
 */
package com.polardbx.common.digest;
