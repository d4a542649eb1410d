package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The address a request really comes from. The TCP peer, unless the peer is a trusted proxy: then
 * {@code X-Forwarded-For} is read from the right (the hop the proxy itself added) leftwards,
 * skipping trusted proxies, and the first untrusted address is the client. Reading from the right
 * matters: the left part of the header is whatever the client chose to send.
 */
final class ClientAddress {
    /** Only literal addresses are believed; {@code getByName} must never do DNS for a header value. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {}

    /**
     * The client address of {@code exchange}. Not cached in an exchange attribute: the JDK server
     * keeps those in the context, shared by every request.
     */
    static InetAddress of(HttpExchange exchange, Predicate<InetAddress> trustedProxy) {
        return resolve(exchange.getRemoteAddress().getAddress(), exchange.getRequestHeaders().get("X-Forwarded-For"),
                trustedProxy);
    }

    static InetAddress resolve(InetAddress peer, List<String> forwardedFor, Predicate<InetAddress> trustedProxy) {
        if (!trustedProxy.test(peer) || forwardedFor == null || forwardedFor.isEmpty()) return peer;
        String[] hops = String.join(",", forwardedFor).split(",");
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].strip());
            if (hop == null) return client; // a garbled hop: trust nothing left of it
            client = hop;
            if (!trustedProxy.test(hop)) return hop;
        }
        return client;
    }

    private static InetAddress literal(String s) {
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (!LITERAL.matcher(s).matches()) return null;
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
