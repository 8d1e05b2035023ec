/** End-to-end suites: real clients against a CN over real MariaDB data nodes. */
package com.polardbx.tests;
