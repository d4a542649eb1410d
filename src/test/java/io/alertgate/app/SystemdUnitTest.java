package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.secrets.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped systemd units pass systemd's own checks: {@code systemd-analyze security --offline=yes}
 * (exposure at most {@value #MAX_EXPOSURE}) and {@code systemd-analyze verify} without a word of
 * output. {@code verify} insists that the {@code ExecStart=} binary exists, so it runs against a
 * scratch root ({@code --root}) holding a copy of the host's unit directory and a stand-in binary.
 */
class SystemdUnitTest {
    /** The limit on systemd's exposure level (0 = locked down, 10 = unprotected). */
    private static final double MAX_EXPOSURE = 1.5;
    private static final Path UNITS = Path.of("systemd");
    private static final Pattern OVERALL =
            Pattern.compile("Overall exposure level for \\S+: (\\d+(?:\\.\\d+)?)");
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"alertgate.service", "alertgate-native.service"})
    void securityReview_ofShippedUnit_scoresAtMostOnePointFive(String unit) throws Exception {
        double exposure = exposure(UNITS.resolve(unit));
        assertTrue(exposure <= MAX_EXPOSURE, unit + " exposure " + exposure + " > " + MAX_EXPOSURE);
    }

    @Test
    void securityReview_ofUnhardenedUnit_scoresAboveTheLimit() throws Exception {
        // Proves the score is read, not defaulted: a bare unit must fail the same comparison.
        Path bare = dir.resolve("bare.service");
        Files.writeString(bare, "[Service]\nExecStart=/usr/bin/alertgate serve\n");
        assertTrue(exposure(bare) > MAX_EXPOSURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alertgate.service", "alertgate-native.service"})
    void verify_ofShippedUnit_isClean(String unit) throws Exception {
        Path root = scratchRoot(UNITS.resolve(unit), true);
        Result result = run(verifyCommand(root, unit));
        assertEquals(0, result.exit(), result.output());
        assertEquals("", result.output().strip());
    }

    @Test
    void verify_withoutTheExecStartBinary_complains() throws Exception {
        // Proves the scratch root is what verify reads: without the stand-in binary it must fail.
        Path root = scratchRoot(UNITS.resolve("alertgate.service"), false);
        Result result = run(verifyCommand(root, "alertgate.service"));
        assertFalse(result.exit() == 0 && result.output().isBlank(), result.output());
        assertTrue(result.output().contains("is not executable"), result.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alertgate.service", "alertgate-native.service"})
    void shippedUnit_handsTheKeyRingOverAsTheCredentialTheCodeReads(String unit) throws IOException {
        String text = Files.readString(UNITS.resolve(unit));
        assertTrue(text.contains("\nLoadCredential=" + KeyRing.CREDENTIAL_NAME + ":/etc/alertgate/"
                + KeyRing.CREDENTIAL_NAME + "\n"), unit);
        assertTrue(text.contains("\nSuccessExitStatus=143\n"), unit + ": SIGTERM exit must count as success");
        assertTrue(text.contains("\nDynamicUser=yes\n"), unit);
    }

    @Test
    void onlyTheNativeUnit_deniesWritableExecutableMemory() throws IOException {
        // A JIT writes code at run time, so the JVM unit must not carry MemoryDenyWriteExecute.
        assertFalse(Files.readString(UNITS.resolve("alertgate.service")).contains("\nMemoryDenyWriteExecute=yes"));
        assertTrue(Files.readString(UNITS.resolve("alertgate-native.service")).contains("\nMemoryDenyWriteExecute=yes"));
    }

    private double exposure(Path unit) throws Exception {
        Path analyze = ExternalProgram.require("systemd-analyze");
        Result result = run(List.of(analyze.toString(), "security", "--offline=yes", "--no-pager",
                unit.toAbsolutePath().toString()));
        Matcher m = OVERALL.matcher(result.output());
        assertTrue(m.find(), "no overall exposure in: " + result.output());
        return Double.parseDouble(m.group(1));
    }

    private List<String> verifyCommand(Path root, String unit) {
        Path analyze = ExternalProgram.require("systemd-analyze");
        return List.of(analyze.toString(), "verify", "--man=no", "--root=" + root, unit);
    }

    /** A root with the host's unit files (targets the unit names), the unit, and its binary. */
    private Path scratchRoot(Path unit, boolean withBinary) throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Files.createDirectories(root.resolve("etc/systemd/system"));
        // Debian's unit symlinks are absolute (/lib/systemd/system/…), so /lib must exist in the root.
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Path hostUnits = Path.of("/usr/lib/systemd/system");
        if (Files.isDirectory(hostUnits)) {
            Result copy = run(List.of("cp", "-a", hostUnits.toString(), root.resolve("usr/lib/systemd").toString()));
            assertEquals(0, copy.exit(), copy.output());
            // Masked units link to /dev/null; verify needs none of them, and JUnit warns on cleanup.
            try (var links = Files.list(root.resolve("usr/lib/systemd/system"))) {
                for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                    if (Files.readSymbolicLink(link).startsWith("/dev")) Files.delete(link);
                }
            }
        }
        Files.copy(unit, root.resolve("etc/systemd/system").resolve(unit.getFileName()));
        if (withBinary) {
            Path binary = root.resolve(execStartBinary(unit).substring(1));
            Files.createDirectories(binary.getParent());
            Files.writeString(binary, "#!/bin/sh\n");
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return root;
    }

    private static String execStartBinary(Path unit) throws IOException {
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("ExecStart=")) return line.substring("ExecStart=".length()).split(" ")[0];
        }
        throw new AssertionError(unit + " has no ExecStart=");
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), output);
    }
}
