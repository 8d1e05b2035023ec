/** Statement results as they cross from the executor to the protocol layer. */
package com.polardbx.common.result;
