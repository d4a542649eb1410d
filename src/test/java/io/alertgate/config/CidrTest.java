package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void contains_ipv4Block_matchesInsideOnly() throws Exception {
        Cidr c = Cidr.parse("10.20.0.0/14");
        assertTrue(c.contains(ip("10.23.255.255")));
        assertFalse(c.contains(ip("10.24.0.0")));
        assertFalse(c.contains(ip("::1")));
        assertEquals("10.20.0.0/14", Cidr.parse("10.21.3.4/14").toString());
    }

    @Test
    void contains_ipv6Block_andMappedIpv4() throws Exception {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertTrue(c.contains(ip("2001:db8:ffff::1")));
        assertFalse(c.contains(ip("2001:db9::1")));
        assertTrue(Cidr.parse("127.0.0.1").contains(ip("::ffff:127.0.0.1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.1")));
    }

    @Test
    void parse_hostNamesAndBadPrefixes_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
    }
}
