package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * The identities of the client certificate a TLS connection presented: the subject DN as RFC 2253
 * prints it ({@code CN=alertmanager,O=ops}), then every DNS (2), e-mail (1), URI (6) and IP (7)
 * subject alternative name. Empty over plain HTTP or without a client certificate.
 */
final class ClientCertificates {
    private static final List<Integer> NAME_TYPES = List.of(1, 2, 6, 7);

    private ClientCertificates() {}

    static List<String> identities(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https) || https.getSSLSession() == null) return List.of();
        Certificate[] chain;
        try {
            chain = https.getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) return List.of();
        List<String> out = new ArrayList<>();
        out.add(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
        try {
            var names = leaf.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    if (n.size() == 2 && n.get(0) instanceof Integer type && NAME_TYPES.contains(type) && n.get(1) instanceof String v) {
                        out.add(v);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // The subject alone identifies it.
        }
        return out;
    }
}
