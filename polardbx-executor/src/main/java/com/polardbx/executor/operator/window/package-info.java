/**
 * Window functions in the CN: {@link com.polardbx.executor.operator.window.WindowOperator} reads rows sorted by
 * partition and order keys, buffers one window partition at a time and appends one column per
 * {@link com.polardbx.executor.operator.window.WindowFunction}; frames are
 * {@link com.polardbx.executor.operator.window.WindowFrame}s.
 */
package com.polardbx.executor.operator.window;
