package com.polardbx.gms.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestHostPattern {
    @Test
    void localhostMatchesLoopbackAddresses() {
        assertTrue(HostPattern.matches("localhost", "127.0.0.1"));
        assertTrue(HostPattern.matches("localhost", "::1"));
        assertTrue(HostPattern.matches("LOCALHOST", "localhost"));
        assertFalse(HostPattern.matches("localhost", "10.0.0.1"));
        assertTrue(HostPattern.matches("::1", "0:0:0:0:0:0:0:1"));
    }

    @Test
    void wildcards() {
        assertTrue(HostPattern.matches("%", "10.1.2.3"));
        assertTrue(HostPattern.matches("10.1.%", "10.1.2.3"));
        assertFalse(HostPattern.matches("10.1.%", "10.2.2.3"));
        assertTrue(HostPattern.matches("10.1.2._", "10.1.2.3"));
        assertFalse(HostPattern.matches("10.1.2._", "10.1.2.33"));
        assertTrue(HostPattern.matches("%.example.com", "db.EXAMPLE.com"));
        assertFalse(HostPattern.matches("10.1.2.3", "10.1.2.4"));
    }

    @Test
    void literalHostsComeBeforePatternsAndSpecificBeforeGeneral() {
        List<String> hosts = new ArrayList<>(List.of("%", "10.%", "10.1.%", "localhost", "127.0.0.1"));
        hosts.sort(HostPattern.MATCH_ORDER);
        assertEquals(List.of("127.0.0.1", "localhost", "10.1.%", "10.%", "%"), hosts);
    }
}
