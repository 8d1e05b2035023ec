package com.polardbx.executor.operator;

/** Join types of the CN's join operators; the outer (probe) side is the left input. */
public enum JoinType {
    INNER,
    /** Every outer row at least once; inner columns NULL when nothing matches. */
    LEFT,
    /** Each outer row once if some inner row matches; outer columns only. */
    SEMI,
    /** Each outer row once if no inner row matches (NOT EXISTS; a NULL condition is no match); outer columns only. */
    ANTI;

    /** Whether the output has the inner columns after the outer ones (SEMI and ANTI output outer columns only). */
    public boolean outputsInner() {
        return this == INNER || this == LEFT;
    }
}
