/** Physical DN tables to logical tables, from the GMS metadata. */
package com.polardbx.cdc.meta;
