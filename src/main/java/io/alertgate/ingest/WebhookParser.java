package io.alertgate.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an Alertmanager webhook body (payload version 4) into an {@link AlertGroup}, or rejects it
 * with an {@link IngestException} that names the HTTP status and the field path at fault.
 *
 * <p>The body is read as a stream: a counting wrapper fails with 413 as soon as it passes
 * {@link IngestLimits#maxBodyBytes()}, so an oversized body is never buffered whole. Bytes are
 * decoded as strict UTF-8 before jackson sees them, because jackson's own decoder lets overlong
 * forms and encoded surrogates through.
 *
 * <p>Two paths, one verdict. The <em>reference path</em> reads values into plain maps and lists
 * while checking nesting depth, duplicate keys (at any depth) and the number of alerts, then
 * validates field by field so each error carries its path. The <em>fast path</em>, tried first on
 * a strict UTF-8 body, streams straight into the records with the same checks and gives up at the
 * first thing it does not like, leaving the body to the reference path: every rejection (message,
 * path, which of two errors wins) comes from the reference path, and the fast path only saves the
 * intermediate maps of a valid body (about a quarter of the parse's allocation). The corpus test
 * holds the two to the same result on every real payload.
 *
 * <p>What is required was decided from the corpus of real payloads
 * ({@code shared/corpus/alertmanager/}, all accepted) and from what a notification cannot do without:
 * <ul>
 *   <li>{@code alerts}: a non-empty list of objects; each alert needs {@code labels} (an object
 *       of strings, possibly empty) and {@code startsAt}.
 *   <li>{@code status} (group and alert) may be missing — prom2teams' "without mandatory field"
 *       fixture lacks both, prometheus-msteams' older fixtures lack the alert one. A missing alert
 *       status is derived as Alertmanager's webhook defines it: firing while {@code endsAt} is the
 *       zero time (or absent), resolved once it is set. A missing group status is firing when any
 *       alert fires, else resolved — Alertmanager's own rule. When present, a status must be
 *       exactly {@code firing} or {@code resolved}; a resolved alert with a zero {@code endsAt}
 *       (alertmonitor's fixture) is tolerated.
 *   <li>Everything else is optional: {@code version} (calert's mock omits it), {@code groupKey},
 *       {@code truncatedAlerts}, {@code receiver}, the common maps, {@code externalURL},
 *       {@code annotations}, {@code endsAt}, {@code generatorURL} and {@code fingerprint}
 *       (several senders omit the last two). JSON {@code null} counts as absent for optional
 *       fields, since Go encodes a nil map as {@code null}.
 *   <li>When present, fields must have their type: a label value that is a number is rejected,
 *       not coerced. {@code version} must be "4"; a bare number 4 is accepted too, as its meaning
 *       is unambiguous and only hand-written senders would produce it.
 * </ul>
 * Unknown fields are read (so that limits and duplicate checks apply to them) and ignored.
 *
 * <p>Thread-safe and stateless between calls: one instance serves all requests.
 */
public final class WebhookParser {

    /** The only payload version this parser understands. */
    public static final String SUPPORTED_VERSION = "4";

    /** Go's zero {@code time.Time}: Alertmanager's "endsAt unknown". */
    static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** Longest key quoted back in a path; keys come from the sender, so they are cut, not echoed. */
    private static final int MAX_PATH_KEY_CHARS = 64;

    /**
     * RFC 3339 {@code date-time}: seconds required, fraction optional (up to nanoseconds, which is
     * what Java and Go keep), offset {@code Z} or {@code ±hh:mm}; {@code T} and {@code Z} in
     * either case, as the RFC allows. Stricter than {@code ISO_OFFSET_DATE_TIME}, which also takes
     * a missing seconds field and offsets with seconds.
     */
    private static final Pattern RFC_3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    private final IngestLimits limits;
    private final JsonFactory jsonFactory;

    public WebhookParser(IngestLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.jsonFactory = JsonFactory.builder()
                // Our own depth check runs first and names the path; jackson's is the backstop.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth() + 1)
                        .build())
                // The caller owns the request stream (the HTTP layer drains and closes it).
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    /** The limits this parser enforces. */
    public IngestLimits limits() {
        return limits;
    }

    /**
     * Throws 413 when a declared {@code Content-Length} is over the limit, so the HTTP layer can
     * refuse before reading. A negative length (unknown, chunked) passes; the streaming check in
     * {@link #parse(InputStream)} still applies.
     */
    public static void checkContentLength(long contentLength, IngestLimits limits) throws IngestException {
        if (contentLength > limits.maxBodyBytes()) throw tooLarge(limits);
    }

    /**
     * Throws 415 unless the {@code Content-Encoding} is absent or {@code identity}: the gateway decodes no
     * compression, and Alertmanager's webhook notifier sends plain JSON, so a declared encoding means a
     * body that would otherwise be misread as JSON (RFC 9110 §15.5.16: 415 for an unsupported encoding).
     */
    public static void checkContentEncoding(String contentEncoding) throws IngestException {
        if (contentEncoding == null || contentEncoding.isBlank()) return;
        for (String coding : contentEncoding.split(",")) {
            if (!coding.strip().equalsIgnoreCase("identity")) {
                throw new IngestException(IngestException.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported Content-Encoding: send the JSON body uncompressed", "Content-Encoding");
            }
        }
    }

    /** Parses a whole body held in memory (the dry-run CLI, tests, benchmarks). */
    public AlertGroup parse(byte[] body) throws IngestException {
        if (body.length > limits.maxBodyBytes()) throw tooLarge(limits);
        return parseBytes(body);
    }

    /**
     * Parses a body from a stream, reading no more than the body limit plus one byte: the body is
     * buffered (at most {@link IngestLimits#maxBodyBytes()}) so that jackson can parse bytes, which
     * allocates a fraction of what a decoding {@link Reader} does.
     */
    public AlertGroup parse(InputStream body) throws IngestException {
        byte[] bytes;
        try {
            bytes = new LimitedInputStream(body, limits.maxBodyBytes()).readAllBytes();
        } catch (BodyTooLargeException e) {
            throw tooLarge(limits);
        } catch (IOException e) {
            // The sender broke off mid-body: its request is what failed, so a client error.
            throw IngestException.badRequest("could not read the request body", "");
        }
        return parseBytes(bytes);
    }

    // ---- the fast path: strict UTF-8 bytes → records, no intermediate maps ----

    /**
     * A body within the size limit: streamed straight into records when it is strict UTF-8 and
     * valid; anything else (any error at all) is left to the reference path, maps first and then
     * {@link #toGroup}, which names the error. So the fast path decides nothing about rejections:
     * it only has to refuse whatever the reference path refuses, and build the same group otherwise.
     */
    private AlertGroup parseBytes(byte[] body) throws IngestException {
        boolean bom = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF;
        if (!bom && Utf8.isStrict(body)) {
            try (JsonParser p = jsonFactory.createParser(body)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    AlertGroup group = readGroup(p);
                    if (p.nextToken() == null) return group;
                }
            } catch (IOException | IngestException | RuntimeException e) {
                // Fall through: the reference path below names the error.
            }
        }
        return toGroup(readRoot(new ByteArrayInputStream(body)));
    }

    /** The reference path alone (maps, then validation), for tests that hold the fast path to it. */
    AlertGroup parseByReference(byte[] body) throws IngestException {
        return toGroup(readRoot(new ByteArrayInputStream(body)));
    }

    /** Signals that the fast path met something the reference path must judge; never escapes. */
    private static final class NotOnFastPath extends RuntimeException {
        static final NotOnFastPath INSTANCE = new NotOnFastPath();

        private NotOnFastPath() {
            super("not on the fast path", null, false, false);
        }
    }

    /** Bits of {@link #seen} for the known fields of the root and of an alert object. */
    private static final List<String> GROUP_FIELDS = List.of("version", "groupKey", "truncatedAlerts", "status",
            "receiver", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "alerts",
            "notification_reason", "routeLabels");
    private static final List<String> ALERT_FIELDS = List.of("status", "labels", "annotations", "startsAt", "endsAt",
            "generatorURL", "fingerprint");

    /**
     * Records a field name of one object: the known ones in a bit set, others (rare) in a set made
     * on demand. Returns the known field's index, or -1. A repeated name leaves the fast path (the
     * reference path reports the duplicate with its path).
     */
    private static int seen(List<String> known, long[] bits, java.util.Set<String>[] others, String name) {
        int i = known.indexOf(name);
        if (i >= 0) {
            if ((bits[0] & (1L << i)) != 0) throw NotOnFastPath.INSTANCE;
            bits[0] |= 1L << i;
        } else {
            if (others[0] == null) others[0] = new java.util.HashSet<>();
            if (!others[0].add(name)) throw NotOnFastPath.INSTANCE;
        }
        return i;
    }

    /** The root object, its {@code START_OBJECT} just read; the same checks and records as the reference path. */
    private AlertGroup readGroup(JsonParser p) throws IOException, IngestException {
        checkDepth(p, 1);
        Object version = null, groupKey = null, truncated = null, status = null, receiver = null;
        Object externalURL = null, reason = null;
        Labels groupLabels = Labels.EMPTY, commonLabels = Labels.EMPTY, commonAnnotations = Labels.EMPTY;
        Labels routeLabels = Labels.EMPTY;
        List<Alert> alerts = null;
        long[] bits = new long[1];
        @SuppressWarnings("unchecked")
        java.util.Set<String>[] others = new java.util.Set[1];
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            checkNoLoneSurrogate(p, name);
            int field = seen(GROUP_FIELDS, bits, others, name);
            JsonToken v = p.nextToken();
            switch (field) {
                case 0 -> version = readValue(p, v, 2);
                case 1 -> groupKey = readValue(p, v, 2);
                case 2 -> truncated = readValue(p, v, 2);
                case 3 -> status = readValue(p, v, 2);
                case 4 -> receiver = readValue(p, v, 2);
                case 5 -> groupLabels = readLabels(p, v, 2);
                case 6 -> commonLabels = readLabels(p, v, 2);
                case 7 -> commonAnnotations = readLabels(p, v, 2);
                case 8 -> externalURL = readValue(p, v, 2);
                case 9 -> alerts = readAlerts(p, v, 2);
                case 10 -> reason = readValue(p, v, 2);
                case 11 -> routeLabels = readLabels(p, v, 2);
                default -> readValue(p, v, 2); // unknown: read for the limits, then ignored
            }
        }
        if (t != JsonToken.END_OBJECT || alerts == null) throw NotOnFastPath.INSTANCE;
        Status declared = status == null ? null : status(status, GROUP);
        Status groupStatus = declared != null ? declared
                : alerts.stream().anyMatch(a -> a.status() == Status.FIRING) ? Status.FIRING : Status.RESOLVED;
        return new AlertGroup(
                version(version),
                string(groupKey, "groupKey", GROUP),
                truncatedAlerts(truncated),
                groupStatus,
                string(receiver, "receiver", GROUP),
                groupLabels,
                commonLabels,
                commonAnnotations,
                string(externalURL, "externalURL", GROUP),
                alerts,
                string(reason, "notification_reason", GROUP),
                routeLabels);
    }

    /** The {@code alerts} array: a non-empty list of alert objects, at most {@link IngestLimits#maxAlerts()}. */
    private List<Alert> readAlerts(JsonParser p, JsonToken token, int depth) throws IOException, IngestException {
        if (token != JsonToken.START_ARRAY) throw NotOnFastPath.INSTANCE;
        checkDepth(p, depth);
        List<Alert> alerts = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (alerts.size() == limits.maxAlerts()) throw NotOnFastPath.INSTANCE;
            alerts.add(readAlert(p, t, depth + 1));
        }
        if (t == null || alerts.isEmpty()) throw NotOnFastPath.INSTANCE;
        return alerts;
    }

    private Alert readAlert(JsonParser p, JsonToken token, int depth) throws IOException, IngestException {
        if (token != JsonToken.START_OBJECT) throw NotOnFastPath.INSTANCE;
        checkDepth(p, depth);
        Object status = null, startsAt = null, endsAt = null, generatorURL = null, fingerprint = null;
        Labels labels = null, annotations = Labels.EMPTY;
        long[] bits = new long[1];
        @SuppressWarnings("unchecked")
        java.util.Set<String>[] others = new java.util.Set[1];
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            checkNoLoneSurrogate(p, name);
            int field = seen(ALERT_FIELDS, bits, others, name);
            JsonToken v = p.nextToken();
            switch (field) {
                case 0 -> status = readValue(p, v, depth + 1);
                case 1 -> labels = v == JsonToken.VALUE_NULL ? null : readLabels(p, v, depth + 1);
                case 2 -> annotations = readLabels(p, v, depth + 1);
                case 3 -> startsAt = readValue(p, v, depth + 1);
                case 4 -> endsAt = readValue(p, v, depth + 1);
                case 5 -> generatorURL = readValue(p, v, depth + 1);
                case 6 -> fingerprint = readValue(p, v, depth + 1);
                default -> readValue(p, v, depth + 1);
            }
        }
        if (t != JsonToken.END_OBJECT || labels == null || startsAt == null) throw NotOnFastPath.INSTANCE;
        // The index only matters for error paths, which the fast path never builds.
        Instant start = timestamp(startsAt, 0, "startsAt");
        Optional<Instant> end = endsAt == null
                ? Optional.empty()
                : Optional.of(timestamp(endsAt, 0, "endsAt")).filter(e -> !e.equals(GO_ZERO_TIME));
        Status declared = status == null ? null : status(status, 0);
        return new Alert(
                declared != null ? declared : end.isPresent() ? Status.RESOLVED : Status.FIRING,
                labels,
                annotations,
                start,
                end,
                string(generatorURL, "generatorURL", 0),
                string(fingerprint, "fingerprint", 0));
    }

    /**
     * An object of string values straight into a sorted map ({@code null}: empty); anything else
     * leaves the fast path. Depth, duplicate names and lone surrogates are checked as in {@link #readValue}.
     */
    private Labels readLabels(JsonParser p, JsonToken token, int depth) throws IOException, IngestException {
        if (token == JsonToken.VALUE_NULL) return Labels.EMPTY;
        if (token != JsonToken.START_OBJECT) throw NotOnFastPath.INSTANCE;
        checkDepth(p, depth);
        Labels.Builder pairs = new Labels.Builder();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            checkNoLoneSurrogate(p, name);
            if (p.nextToken() != JsonToken.VALUE_STRING) throw NotOnFastPath.INSTANCE;
            String value = p.getText();
            checkNoLoneSurrogate(p, value);
            if (!pairs.putIfAbsent(name, value)) throw NotOnFastPath.INSTANCE;
        }
        if (t != JsonToken.END_OBJECT) throw NotOnFastPath.INSTANCE;
        return pairs.build();
    }

    // ---- reading: bytes → maps and lists, with the limits that must hold while streaming ----

    /** The decoding path: strict UTF-8 through a {@link Reader}; the reference for every error. */
    private Map<String, Object> readRoot(InputStream body) throws IngestException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader reader = new InputStreamReader(new LimitedInputStream(body, limits.maxBodyBytes()), utf8);
        JsonParser p = null;
        try {
            p = jsonFactory.createParser(reader);
            JsonToken first = p.nextToken();
            if (first == null) throw IngestException.badRequest("empty body, expected a JSON object", "");
            if (first != JsonToken.START_OBJECT) {
                throw IngestException.badRequest("expected a JSON object at the top level", "");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) readValue(p, first, 1);
            if (p.nextToken() != null) {
                throw IngestException.badRequest("unexpected content after the JSON object", "");
            }
            return root;
        } catch (BodyTooLargeException e) {
            throw tooLarge(limits);
        } catch (CharacterCodingException e) {
            throw IngestException.badRequest("body is not valid UTF-8", contextPath(p));
        } catch (StreamConstraintsException e) {
            throw IngestException.badRequest("JSON exceeds a parser limit (nesting, number or string length)",
                    contextPath(p));
        } catch (JsonEOFException e) {
            throw IngestException.badRequest("truncated JSON: the body ends inside a value", contextPath(p));
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token; we give only where it is.
            throw IngestException.badRequest("not valid JSON" + where(e.getLocation()), contextPath(p));
        } catch (IOException e) {
            // The sender broke off mid-body: its request is what failed, so a client error.
            throw IngestException.badRequest("could not read the request body", "");
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // Closing releases buffers only; the source stays open (AUTO_CLOSE_SOURCE off).
                }
            }
        }
    }

    private Object readValue(JsonParser p, JsonToken token, int depth) throws IOException, IngestException {
        if (token == null) throw new JsonEOFException(p, null, "end of input inside a value");
        switch (token) {
            case START_OBJECT -> {
                checkDepth(p, depth);
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    checkNoLoneSurrogate(p, name);
                    if (map.containsKey(name)) throw IngestException.badRequest("duplicate key", contextPath(p));
                    map.put(name, readValue(p, p.nextToken(), depth + 1));
                }
                if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "unterminated object");
                return map;
            }
            case START_ARRAY -> {
                checkDepth(p, depth);
                boolean alerts = isTopLevelAlerts(p);
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (alerts && list.size() == limits.maxAlerts()) {
                        throw IngestException.badRequest("more than " + limits.maxAlerts() + " alerts", "alerts");
                    }
                    list.add(readValue(p, t, depth + 1));
                }
                if (t == null) throw new JsonEOFException(p, null, "unterminated array");
                return list;
            }
            case VALUE_STRING -> {
                String s = p.getText();
                checkNoLoneSurrogate(p, s);
                return s;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            // Only tokens a text parser never yields here (embedded objects, non-blocking markers).
            default -> throw IngestException.badRequest("unexpected JSON token", contextPath(p));
        }
    }

    private void checkDepth(JsonParser p, int depth) throws IngestException {
        if (depth > limits.maxNestingDepth()) {
            throw IngestException.badRequest("JSON nested deeper than " + limits.maxNestingDepth() + " levels",
                    contextPath(p));
        }
    }

    /** True while reading the array under the root object's {@code alerts} key. */
    private static boolean isTopLevelAlerts(JsonParser p) {
        JsonStreamContext parent = p.getParsingContext().getParent();
        return parent != null && parent.inObject() && parent.getParent() != null && parent.getParent().inRoot()
                && "alerts".equals(parent.getCurrentName());
    }

    /**
     * A JSON escape such as {@code \ud800} yields a Java string no UTF-8 encoder can write; reject
     * it here rather than let Slack receive a replacement character or the encoder fail later.
     */
    private static void checkNoLoneSurrogate(JsonParser p, String s) throws IngestException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw IngestException.badRequest("string contains an unpaired surrogate escape", contextPath(p));
            }
        }
    }

    // ---- validating: maps → records, each error with its path ----

    private AlertGroup toGroup(Map<String, Object> root) throws IngestException {
        String version = version(root.get("version"));
        Object alertsValue = root.get("alerts");
        if (alertsValue == null) throw IngestException.badRequest("missing, expected a list of alerts", "alerts");
        if (!(alertsValue instanceof List<?> rawAlerts)) {
            throw IngestException.badRequest("expected a list of alerts", "alerts");
        }
        if (rawAlerts.isEmpty()) throw IngestException.badRequest("expected at least one alert", "alerts");
        List<Alert> alerts = new ArrayList<>(rawAlerts.size());
        for (int i = 0; i < rawAlerts.size(); i++) {
            alerts.add(toAlert(rawAlerts.get(i), i));
        }
        Optional<Status> declared = optionalStatus(root, "status", GROUP);
        Status status = declared.orElseGet(
                () -> alerts.stream().anyMatch(a -> a.status() == Status.FIRING) ? Status.FIRING : Status.RESOLVED);
        return new AlertGroup(
                version,
                optionalString(root, "groupKey", GROUP),
                truncatedAlerts(root.get("truncatedAlerts")),
                status,
                optionalString(root, "receiver", GROUP),
                optionalLabels(root, "groupLabels", GROUP),
                optionalLabels(root, "commonLabels", GROUP),
                optionalLabels(root, "commonAnnotations", GROUP),
                optionalString(root, "externalURL", GROUP),
                alerts,
                optionalString(root, "notification_reason", GROUP),
                optionalLabels(root, "routeLabels", GROUP));
    }

    private static Alert toAlert(Object value, int index) throws IngestException {
        // Paths are built only on the way to an error: the accepted path allocates none.
        if (!(value instanceof Map<?, ?> raw)) {
            throw IngestException.badRequest("expected an alert object", alertPath(index));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = (Map<String, Object>) raw;
        if (alert.get("labels") == null) {
            throw IngestException.badRequest("missing, expected an object of labels", child(alertPath(index), "labels"));
        }
        Labels labels = optionalLabels(alert, "labels", index);
        Object startsAtValue = alert.get("startsAt");
        if (startsAtValue == null) {
            throw IngestException.badRequest("missing, expected an RFC 3339 timestamp",
                    child(alertPath(index), "startsAt"));
        }
        Instant startsAt = timestamp(startsAtValue, index, "startsAt");
        Object endsAtValue = alert.get("endsAt");
        Optional<Instant> endsAt = endsAtValue == null
                ? Optional.empty()
                : Optional.of(timestamp(endsAtValue, index, "endsAt")).filter(t -> !t.equals(GO_ZERO_TIME));
        Status status = optionalStatus(alert, "status", index)
                .orElse(endsAt.isPresent() ? Status.RESOLVED : Status.FIRING);
        return new Alert(
                status,
                labels,
                optionalLabels(alert, "annotations", index),
                startsAt,
                endsAt,
                optionalString(alert, "generatorURL", index),
                optionalString(alert, "fingerprint", index));
    }

    /** Index of an alert in the {@code alerts} list, or {@link #GROUP} for a group-level field. */
    private static final int GROUP = -1;

    private static String alertPath(int index) {
        return index == GROUP ? "" : "alerts[" + index + "]";
    }

    private static String version(Object value) throws IngestException {
        if (value == null || SUPPORTED_VERSION.equals(value)) return SUPPORTED_VERSION;
        if (value instanceof Integer n && n == 4) return SUPPORTED_VERSION;
        throw IngestException.badRequest("expected version \"4\"", "version");
    }

    private static int truncatedAlerts(Object value) throws IngestException {
        if (value == null) return 0;
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
                && ((Number) value).longValue() <= Integer.MAX_VALUE) {
            return ((Number) value).intValue();
        }
        throw IngestException.badRequest("expected a non-negative integer", "truncatedAlerts");
    }

    private static Optional<Status> optionalStatus(Map<String, Object> object, String key, int index)
            throws IngestException {
        Object value = object.get(key);
        if (value == null) return Optional.empty();
        return Optional.of(status(value, index));
    }

    /** A non-null status value: exactly {@code firing} or {@code resolved}. */
    private static Status status(Object value, int index) throws IngestException {
        String key = "status";
        if (!(value instanceof String s)) throw IngestException.badRequest("expected a string", child(alertPath(index), key));
        Optional<Status> status = Status.fromWire(s);
        if (status.isEmpty()) {
            throw IngestException.badRequest("expected \"firing\" or \"resolved\"", child(alertPath(index), key));
        }
        return status.get();
    }

    private static String optionalString(Map<String, Object> object, String key, int index)
            throws IngestException {
        return string(object.get(key), key, index);
    }

    /** An optional string value: {@code null} (absent) is "". */
    private static String string(Object value, String key, int index) throws IngestException {
        if (value == null) return "";
        if (value instanceof String s) return s;
        throw IngestException.badRequest("expected a string", child(alertPath(index), key));
    }

    private static Labels optionalLabels(Map<String, Object> object, String key, int index)
            throws IngestException {
        Object value = object.get(key);
        if (value == null) return Labels.EMPTY;
        if (!(value instanceof Map<?, ?> raw)) {
            throw IngestException.badRequest("expected an object of strings", child(alertPath(index), key));
        }
        TreeMap<String, String> pairs = new TreeMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String name = (String) e.getKey();
            if (!(e.getValue() instanceof String v)) {
                throw IngestException.badRequest("expected a string", child(child(alertPath(index), key), name));
            }
            pairs.put(name, v);
        }
        return Labels.of(pairs);
    }

    private static Instant timestamp(Object value, int index, String key) throws IngestException {
        if (value instanceof String s) {
            Instant fast = Rfc3339.parseCommon(s);
            if (fast != null) return fast;
        }
        return timestamp(value, child(alertPath(index), key));
    }

    static Instant timestamp(Object value, String path) throws IngestException {
        if (!(value instanceof String s)) throw IngestException.badRequest("expected an RFC 3339 timestamp string", path);
        Matcher m = RFC_3339.matcher(s);
        if (!m.matches()) throw IngestException.badRequest("not an RFC 3339 timestamp", path);
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            ZoneOffset offset = m.group(8) != null
                    ? ZoneOffset.UTC
                    : ZoneOffset.ofHoursMinutes(
                            sign(m.group(9)) * Integer.parseInt(m.group(10)),
                            sign(m.group(9)) * Integer.parseInt(m.group(11)));
            return OffsetDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    nanos, offset).toInstant();
        } catch (DateTimeException e) {
            // Right shape, impossible value (month 13, 25:00, offset +19:00, a leap second :60).
            throw IngestException.badRequest("not an RFC 3339 timestamp (a field is out of range)", path);
        }
    }

    private static int sign(String s) {
        return "-".equals(s) ? -1 : 1;
    }

    // ---- paths and errors ----

    /** {@code parent.key}, or {@code parent["odd key"]} for keys that are not plain identifiers. */
    static String child(String parentPath, String key) {
        if (isPlainKey(key)) return parentPath.isEmpty() ? key : parentPath + "." + key;
        String shown = key.length() > MAX_PATH_KEY_CHARS ? key.substring(0, MAX_PATH_KEY_CHARS) + "…" : key;
        return parentPath + "[\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]*}, without a regex matcher per call. */
    private static boolean isPlainKey(String key) {
        if (key.isEmpty()) return false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
        }
        return true;
    }

    /** The path of the value the parser is at, from jackson's context chain. */
    private static String contextPath(JsonParser p) {
        if (p == null) return "";
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) chain.add(c);
        String path = "";
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray() && c.getCurrentIndex() >= 0) {
                path = path + "[" + c.getCurrentIndex() + "]";
            } else if (c.inObject() && c.getCurrentName() != null) {
                path = child(path, c.getCurrentName());
            }
        }
        return path;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) return "";
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static IngestException tooLarge(IngestLimits limits) {
        return new IngestException(IngestException.PAYLOAD_TOO_LARGE,
                "body larger than " + limits.maxBodyBytes() + " bytes", "");
    }

    /** Signals, through the Reader and jackson, that the byte limit was passed. */
    private static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("body too large", null);
        }
    }

    /** Counts bytes as they are read and fails once more than {@code max} have arrived. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) add(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        @Override
        public void close() {
            // The caller owns the underlying stream.
        }

        private void add(long n) throws BodyTooLargeException {
            count += n;
            if (count > max) throw new BodyTooLargeException();
        }
    }
}
