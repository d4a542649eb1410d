package io.alertgate.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: webhook requests that declare a body and send only its first bytes, so each holds
 * its share of the gateway's body budget until it is closed.
 *
 * <p>A slow request is refused (503) when another request holds budget at the moment it arrives —
 * a test's own probe can be that request on a loaded machine — and a refused one cannot be told
 * apart from the client's side (the gateway drains its body before answering). So tests that
 * wait for the budget to be full call {@link #reopen} now and then: fresh requests arrive while no
 * probe is in flight, and the wait cannot hang on one unlucky refusal.
 */
final class SlowBodies implements AutoCloseable {
    private final int port;
    private final int declaredBytes;
    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code count} slow requests to {@code /api/v1/alerts/acme}, each declaring {@code declaredBytes}. */
    SlowBodies(int port, int count, int declaredBytes) throws IOException {
        this.port = port;
        this.declaredBytes = declaredBytes;
        for (int i = 0; i < count; i++) sockets.add(open());
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nContent-Length: " + declaredBytes + "\r\n\r\n{\"ver")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** Closes every slow request and opens it again (see the class comment). */
    void reopen() throws IOException {
        for (int i = 0; i < sockets.size(); i++) {
            sockets.get(i).close();
            sockets.set(i, open());
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) s.close();
        sockets.clear();
    }
}
