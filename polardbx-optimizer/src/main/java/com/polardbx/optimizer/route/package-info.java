/** Routing: which partitions a statement touches, and the physical SQL sent to each. */
package com.polardbx.optimizer.route;
