/**
 * The online DDL job engine: turns logical DDL into physical DDL on the data nodes.
 *
 * <p>Every DDL runs as a job recorded step by step in GMS. Each job type has one commit point (a single metadb
 * transaction); work before it is rolled back at recovery and work after it is rolled forward, so a CN crash never
 * leaves orphan physical tables or metadata pointing at missing ones. See {@link com.polardbx.executor.ddl.DdlEngine}.
 */
package com.polardbx.executor.ddl;
