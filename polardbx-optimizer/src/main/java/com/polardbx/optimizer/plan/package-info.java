/** Physical choices for the operators the CN runs itself (join and aggregation algorithms). */
package com.polardbx.optimizer.plan;
