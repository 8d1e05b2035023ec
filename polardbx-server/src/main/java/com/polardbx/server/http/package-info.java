/** The CN's HTTP port: Prometheus metrics ({@code /metrics}) and a small status page ({@code /status}). */
package com.polardbx.server.http;
