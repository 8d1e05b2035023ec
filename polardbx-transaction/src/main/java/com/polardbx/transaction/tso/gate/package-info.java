/**
 * The commit gate: distributed commits and snapshot openers exclude each other, so that a snapshot timestamp is never
 * taken while a commit that may get a smaller commit timestamp is still in progress. Hosted by the TSO leader.
 */
package com.polardbx.transaction.tso.gate;
