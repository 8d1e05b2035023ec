package com.polardbx.gms.meta;

/**
 * The schema state of a global index, F1-style: an index becomes visible to writes one step at a time, each step
 * acknowledged by every CN before the next, so no CN writes rows another CN's index does not know how to remove.
 */
public enum IndexState {
    /** Writers delete index rows of rows they delete or change, but add none. */
    DELETE_ONLY,
    /** Writers keep the index complete for every row they write; old rows are not there yet. */
    WRITE_ONLY,
    /** As WRITE_ONLY while the backfill copies the existing rows. */
    BACKFILL,
    /** Complete: readers may use it. */
    PUBLIC;

    /** Whether a writer must delete the index rows of the rows it deletes or changes. */
    public boolean deletes() {
        return true;
    }

    /** Whether a writer must add index rows for the rows it inserts or changes. */
    public boolean writes() {
        return this != DELETE_ONLY;
    }

    /** Whether a reader may use the index. */
    public boolean readable() {
        return this == PUBLIC;
    }
}
