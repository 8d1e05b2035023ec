/**
 * What the CN records about each finished statement: the digest summary table
 * ({@code performance_schema.events_statements_summary_by_digest}), the slow log in MySQL's format and the JSON
 * audit log. {@link com.polardbx.server.observe.StatementObservers} is the one entry the session calls.
 */
package com.polardbx.server.observe;
