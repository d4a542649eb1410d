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
    static final String ATTRIBUTE = "io.alertgate.client";
    /** Only literal addresses are believed; {@code getByName} must never do DNS for a header value. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {}

    /** The client address of {@code exchange}, computed once and kept as an exchange attribute. */
    static InetAddress of(HttpExchange exchange, Predicate<InetAddress> trustedProxy) {
        Object known = exchange.getAttribute(ATTRIBUTE);
        if (known instanceof InetAddress a) return a;
        InetAddress client = resolve(exchange.getRemoteAddress().getAddress(),
                exchange.getRequestHeaders().get("X-Forwarded-For"), trustedProxy);
        exchange.setAttribute(ATTRIBUTE, client);
        return client;
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
