package dev.pave.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How far each address is from the public internet, including the IPv6 forms that carry an IPv4 address. */
class WebhookAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "93.184.216.34, PUBLIC", "2606:4700::1111, PUBLIC", "8.8.8.8, PUBLIC", "100.128.0.1, PUBLIC",
            "127.0.0.1, PRIVATE", "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "192.168.1.1, PRIVATE", "100.64.0.1, PRIVATE",
            "::1, PRIVATE", "fd00::1, PRIVATE", "::ffff:10.0.0.1, PRIVATE",
            "169.254.169.254, NEVER", "100.100.100.200, NEVER", "0.0.0.0, NEVER", "255.255.255.255, NEVER", "224.0.0.1, NEVER",
            "240.0.0.1, NEVER", "198.18.0.1, NEVER", "192.0.2.2, NEVER", "198.51.100.7, NEVER", "203.0.113.9, NEVER", "192.0.0.8, NEVER",
            "::, NEVER", "fe80::1, NEVER", "ff02::1, NEVER", "2001:db8::1, NEVER", "2001:0:4136:e378:8000:63bf:3fff:fdd2, NEVER",
            "::127.0.0.1, PRIVATE", "::a9fe:a9fe, NEVER", "::ffff:0:127.0.0.1, PRIVATE", "64:ff9b::a9fe:a9fe, NEVER",
            "64:ff9b::7f00:1, PRIVATE", "2002:a9fe:a9fe::, NEVER", "2002:7f00:1::, PRIVATE", "2002:5db8:d822::, PUBLIC"})
    void reach(String address, WebhookAddresses.Reach expected) throws UnknownHostException {
        assertEquals(expected, WebhookAddresses.reach(InetAddress.getByName(address)));
    }
}
