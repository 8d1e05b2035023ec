/** Merges the DN streams into one stream of whole logical transactions in commit-timestamp order. */
package com.polardbx.cdc.merge;
