/**
 * TPC-H for the end-to-end suite and the benchmark: a deterministic data generator written from the specification's
 * value rules, the schema with its CN placement, a batched loader, the 22 queries and result comparison.
 */
package com.polardbx.tests.tpch;
