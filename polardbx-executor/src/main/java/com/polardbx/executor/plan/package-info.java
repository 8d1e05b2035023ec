/** From optimized plans to running operator pipelines; physical statements on the data nodes. */
package com.polardbx.executor.plan;
