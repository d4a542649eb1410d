package io.alertgate;

import io.alertgate.app.Commands;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;


/**
 * {@code alertgate <command>}: arguments to a subcommand ({@link Commands}) and an exit code — 0 ok,
 * 1 invalid input or failed check, 2 usage error or unreadable file. Parsing is picocli's
 * programmatic API (no annotations, so no reflection for the native image).
 */
public final class Main {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        // Before anything logs: keeps the JSON log handler alive through the JVM's shutdown hooks,
        // so the drain's report on SIGTERM is written (see app.JsonLogManager).
        System.setProperty("java.util.logging.manager", "io.alertgate.app.JsonLogManager");
        int code = new Main(System.out, System.err, System.getenv()).run(args);
        if (code != Commands.OK || !(args.length > 0 && args[0].equals("serve"))) System.exit(code);
    }

    /**
     * The program's version: the jar manifest's, else the build-filtered resource {@value #VERSION_RESOURCE}
     * (a GraalVM native image has no manifest), else "dev".
     */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v != null) return v;
        try (java.io.InputStream in = Main.class.getResourceAsStream(VERSION_RESOURCE)) {
            String filtered = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return filtered.isEmpty() || filtered.startsWith("$") ? "dev" : filtered;
        } catch (java.io.IOException e) {
            return "dev";
        }
    }

    private static final String VERSION_RESOURCE = "/io/alertgate/version.txt";

    private static Optional<Path> keyFile(ParseResult sub) {
        return Optional.ofNullable(sub.<String>matchedOptionValue("--key-file", null)).map(Path::of);
    }

    static CommandLine commandLine() {
        CommandSpec root = CommandSpec.create().name("alertgate").version("alertgate " + version())
                .mixinStandardHelpOptions(true);
        root.usageMessage().description("Prometheus Alertmanager to Slack gateway.");
        root.addSubcommand("serve", command("Run the gateway (without --config: the built-in example, printing"
                + " each Slack message to stdout).", configOption(false), keyFileOption()));
        root.addSubcommand("render", command("Print, per destination, the exact Slack JSON a payload would produce.",
                configOption(false), option("--tenant", "TENANT", "tenant id", true),
                option("--payload", "FILE", "Alertmanager webhook payload (JSON)", true), keyFileOption()));
        root.addSubcommand("route", command("Explain which rules match a payload and where it would go at a time.",
                configOption(true), option("--tenant", "TENANT", "tenant id", true),
                option("--payload", "FILE", "Alertmanager webhook payload (JSON)", true),
                option("--at", "DATETIME", "ISO-8601 date-time with offset, e.g. 2026-03-29T02:30:00+01:00 (default: now)",
                        false)));
        root.addSubcommand("validate", command("Check a config file and print a report of errors, warnings and hints"
                + " (exit 0 valid, 1 invalid, 2 unreadable).",
                configOption(true),
                option("--level", "LEVEL", "basic | standard | strict | paranoid (default: standard)", false),
                option("--format", "FORMAT", "text | json (default: text)", false),
                option("--samples", "DIR", "more Alertmanager payloads (*.json) to render templates against", false),
                keyFileOption()));
        root.addSubcommand("keygen", command("Print a new Fernet key for ALERTGATE_KEYS."));
        root.addSubcommand("encrypt", command("Read a secret from stdin and print it as an enc: value"
                + " (primary key of ALERTGATE_KEYS).", keyFileOption()));
        root.addSubcommand("rotate", command("Re-encrypt every enc: value of a config under the primary key,"
                + " keeping comments and layout.", configOption(true), keyFileOption()));
        CommandSpec audit = command("Audit trail tools.");
        audit.addSubcommand("verify", command("Check the hash chain of an audit file; print the first broken link.")
                .addPositional(CommandLine.Model.PositionalParamSpec.builder().paramLabel("FILE").type(String.class)
                        .description("audit file (server.audit_file) or JSON log lines").build()));
        root.addSubcommand("audit", audit);
        root.addSubcommand("version", command("Print the version."));
        return new CommandLine(root);
    }

    private static CommandSpec command(String description, OptionSpec... options) {
        CommandSpec spec = CommandSpec.create().mixinStandardHelpOptions(true).version("alertgate " + version());
        spec.usageMessage().description(description);
        for (OptionSpec o : options) spec.addOption(o);
        return spec;
    }

    private static OptionSpec configOption(boolean required) {
        return option("--config", "FILE", "alertgate YAML config", required);
    }

    private static OptionSpec keyFileOption() {
        return option("--key-file", "FILE", "key ring file (one key per line) instead of ALERTGATE_KEYS", false);
    }

    private static OptionSpec option(String name, String label, String description, boolean required) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).required(required)
                .description(description).build();
    }

    int run(String[] args) {
        CommandLine cl = commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("alertgate: " + e.getMessage());
            e.getCommandLine().usage(err);
            return Commands.USAGE;
        }
        if (CommandLine.printHelpIfRequested(parsed)) return Commands.OK;
        if (!parsed.hasSubcommand()) {
            cl.usage(err);
            return Commands.USAGE;
        }
        ParseResult sub = parsed.subcommand();
        // serve, validate and render read the key ring deep inside (config load, token rotation):
        // --key-file travels with the environment they are given, where it wins over ALERTGATE_KEYS.
        Commands commands = new Commands(out, err, Commands.withKeyFile(env, keyFile(sub)), version());
        Optional<Path> config = Optional.ofNullable(sub.<String>matchedOptionValue("--config", null)).map(Path::of);
        return switch (sub.commandSpec().name()) {
            case "serve" -> commands.serve(config);
            case "render" -> commands.render(config, sub.matchedOptionValue("--tenant", ""),
                    Path.of(sub.<String>matchedOptionValue("--payload", "")));
            case "route" -> commands.route(config, sub.matchedOptionValue("--tenant", ""),
                    Path.of(sub.<String>matchedOptionValue("--payload", "")),
                    Optional.ofNullable(sub.<String>matchedOptionValue("--at", null)));
            case "validate" -> commands.validate(config.orElseThrow(), sub.matchedOptionValue("--level", "standard"),
                    sub.matchedOptionValue("--format", "text"),
                    Optional.ofNullable(sub.<String>matchedOptionValue("--samples", null)).map(Path::of));
            case "keygen" -> commands.keygen();
            case "encrypt" -> commands.encrypt(System.in, keyFile(sub));
            case "rotate" -> commands.rotate(config.orElseThrow(), keyFile(sub));
            case "audit" -> {
                if (!sub.hasSubcommand() || sub.subcommand().matchedPositionals().isEmpty()) {
                    sub.commandSpec().commandLine().usage(err);
                    yield Commands.USAGE;
                }
                yield commands.auditVerify(Path.of(sub.subcommand().<String>matchedPositionalValue(0, "")));
            }
            case "version" -> {
                out.println("alertgate " + version());
                yield Commands.OK;
            }
            default -> Commands.USAGE;
        };
    }

}
