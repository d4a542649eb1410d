package io.alertgate.app;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Test fixture: a gateway started from a YAML text on a free loopback port, and requests to it over
 * real HTTP the way Alertmanager and operators send them. Tests keep their own YAML (it is what they
 * are about); this holds only the plumbing they all repeated.
 */
final class RunningGateway implements AutoCloseable {
    /** How long tests wait for something asynchronous (a Slack post, a metric) before failing. */
    static final Duration AWAIT = Duration.ofSeconds(10);

    /** Redirects are not followed so that tests can see the status page's 303s. */
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final Gateway gateway;

    private RunningGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    /** Starts a gateway from {@code yaml} (no environment variables, no key ring) with default options. */
    static RunningGateway start(String yaml) throws Exception {
        return start(yaml, Map.of(), Gateway.Options.defaults());
    }

    /** Starts a gateway from {@code yaml}, with {@code env} for its {@code ${VAR}} references. */
    static RunningGateway start(String yaml, Map<String, String> env, Gateway.Options options)
            throws Exception {
        GatewayConfig config = new ConfigLoader(env, SecretDecoder.NONE).parse(yaml, null);
        return new RunningGateway(Gateway.start(config, options));
    }

    Gateway gateway() {
        return gateway;
    }

    int port() {
        return gateway.port();
    }

    /** Sends a request; {@code bearer} (may be null) becomes {@code Authorization: Bearer …}, {@code body} may be null. */
    HttpResponse<String> send(String method, String path, String bearer, String body) throws IOException, InterruptedException {
        return send(method, path, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer), body);
    }

    /** Sends a request with these headers; {@code body} may be null (no body). */
    HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Polls until {@code check} holds, for things that happen just after an answer (delivery events
     * reach listeners after Slack answers).
     *
     * @throws AssertionError when it does not hold within {@link #AWAIT}
     */
    static void eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("condition not reached within " + AWAIT);
            Thread.sleep(10);
        }
    }

    /** A condition a test waits for; may do I/O. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
