package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Under {@code nohup} SIGHUP is inherited as ignored and the JDK's {@code Signal.handle} installs
 * nothing, returning {@code SIG_IGN} as the previous handler (checked by hand: {@code nohup java …}
 * prints {@code prev=SIG_IGN} and a raised HUP reaches no handler). The test JVM must keep its real
 * SIGHUP (another test sends one), so the JDK call is replaced by what it returns there.
 */
@SuppressWarnings("restriction")
class SighupIgnoredTest {
    private static List<LogRecord> warnings(Runnable body) {
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) logged.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger logger = Logger.getLogger("io.alertgate.app");
        logger.addHandler(handler);
        try {
            body.run();
        } finally {
            logger.removeHandler(handler);
        }
        return logged;
    }

    @Test
    void installSignalHandler_whenSighupIsIgnored_returnsFalse_andWarnsToUsePostReload() {
        boolean[] installed = {true};
        List<LogRecord> logged = warnings(() -> installed[0] = ConfigReloader.installSignalHandler(
                h -> sun.misc.SignalHandler.SIG_IGN, s -> { }));
        assertFalse(installed[0]);
        assertEquals(List.of(ConfigReloader.SIGHUP_IGNORED), logged.stream().map(LogRecord::getMessage).toList());
        assertTrue(ConfigReloader.SIGHUP_IGNORED.contains("POST /-/reload"));
    }

    @Test
    void installSignalHandler_whenSighupHadTheDefaultHandler_returnsTrue_withoutWarning() {
        boolean[] installed = {false};
        List<LogRecord> logged = warnings(() -> installed[0] = ConfigReloader.installSignalHandler(
                h -> sun.misc.SignalHandler.SIG_DFL, s -> { }));
        assertTrue(installed[0]);
        assertEquals(List.of(), logged);
    }
}
