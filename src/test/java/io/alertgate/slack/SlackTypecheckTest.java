package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Status;
import io.alertgate.template.NotificationView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks formatter output against Slack's own TypeScript types (shared/tools/slack-typecheck): an
 * outside oracle for block and field names. Needs {@code node}; skipped without it, except under
 * CI=true where a missing node fails.
 */
class SlackTypecheckTest {
    private static final long CHECK_TIMEOUT_MINUTES = 5;

    @Test
    void format_realisticCorpus_fitsSlacksOwnTypes() throws Exception {
        requireNode();
        BlockKitFormatter formatter = new BlockKitFormatter();
        List<Map<String, Object>> webhookBodies = new ArrayList<>();
        List<Map<String, Object>> apiBodies = new ArrayList<>();
        List<NotificationView> views = new ArrayList<>();
        for (Path p : SlackFixtures.realisticCorpus()) views.add(SlackFixtures.load(p));
        views.add(SlackFixtures.view(Status.FIRING, SlackFixtures.alerts(5000, "Big"), List.of()));
        for (NotificationView v : views) {
            SlackMessage m = formatter.format(v, SlackFixtures.body(v));
            webhookBodies.add(m.webhookBody());
            apiBodies.add(m.apiBody("C0123ABC", "1700000000.000100"));
            apiBodies.add(m.withCorrelationId("0b9e3c1a-request-id").apiBody("C0123ABC", null)); // with metadata
        }
        Path webhook = write("target/slack-bodies.json", webhookBodies);
        Path api = write("target/slack-api-bodies.json", apiBodies);
        assertEquals("", check(webhook), "webhook bodies");
        assertEquals("", check(api, "--api"), "chat.postMessage bodies");
    }

    private static Path write(String file, List<Map<String, Object>> bodies) throws Exception {
        Path path = Path.of(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, JSON.std.asString(bodies), StandardCharsets.UTF_8);
        return path;
    }

    /** "" when the check passes, else its output. */
    private static String check(Path file, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(SlackFixtures.shared().resolve("tools/slack-typecheck/check").toString());
        cmd.addAll(List.of(flags));
        cmd.add(file.toAbsolutePath().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(CHECK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("slack-typecheck did not finish in " + CHECK_TIMEOUT_MINUTES + " minutes");
        }
        return p.exitValue() == 0 ? "" : out;
    }

    private static void requireNode() {
        boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "node")));
        if (!found && "true".equals(System.getenv("CI"))) fail("node is not on PATH, and CI=true requires the slack-typecheck run");
        Assumptions.assumeTrue(found, "node is not on PATH: slack-typecheck skipped");
    }
}
