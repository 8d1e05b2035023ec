/** What the CDC needs from the rest of the CN, implemented by the composition root. */
package com.polardbx.cdc.spi;
