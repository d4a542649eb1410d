package io.alertgate.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an outside program a test needs. Where it is missing the test is skipped — except under
 * {@code CI=true}, where a missing program is a failure: CI must never pass by skipping.
 */
final class ExternalProgram {
    private ExternalProgram() {}

    static Path require(String... names) {
        Optional<Path> found = find(names);
        if (found.isPresent()) return found.get();
        String message = "none of " + List.of(names) + " is on PATH or in /usr/bin, /usr/sbin";
        if ("true".equals(System.getenv("CI"))) Assertions.fail(message + " (CI=true: install it in .ci/run)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin";
        for (String name : names) {
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
