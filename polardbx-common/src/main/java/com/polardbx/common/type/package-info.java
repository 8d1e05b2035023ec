/** MySQL data types as seen on the wire and in metadata. */
package com.polardbx.common.type;
