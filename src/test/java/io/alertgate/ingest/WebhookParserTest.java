package io.alertgate.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookParserTest {

    private static final String ALERT = """
            {"status":"firing","labels":{"alertname":"DiskFull","severity":"critical"},\
            "annotations":{"summary":"disk full"},"startsAt":"2024-05-01T10:00:00Z",\
            "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"0123456789abcdef"}""";

    private final WebhookParser parser = new WebhookParser(IngestLimits.defaults());

    /** A valid payload whose top-level fields after {@code alerts} are {@code extra}. */
    private static String payload(String alerts, String extra) {
        return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"DiskFull\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"firing\",\"receiver\":\"slack\",\"groupLabels\":{\"alertname\":\"DiskFull\"},"
                + "\"commonLabels\":{\"alertname\":\"DiskFull\"},\"commonAnnotations\":{},"
                + "\"externalURL\":\"http://am:9093\",\"alerts\":[" + alerts + "]" + extra + "}";
    }

    private static String payload() {
        return payload(ALERT, "");
    }

    private static String alertWith(String field, String json) {
        return ALERT.replaceFirst("\"" + field + "\":(\\{[^}]*\\}|\"[^\"]*\")", Matcher.quoteReplacement("\"" + field + "\":" + json));
    }

    private AlertGroup parse(String json) throws IngestException {
        return parser.parse(json.getBytes(UTF_8));
    }

    private IngestException reject(String json) {
        return reject(json.getBytes(UTF_8));
    }

    private IngestException reject(byte[] body) {
        return assertThrows(IngestException.class, () -> parser.parse(body));
    }

    private static void assertRejected(IngestException e, int status, String path) {
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(path, e.path(), e.getMessage());
        assertFalse(e.error().isBlank());
    }

    // ---- valid input ----

    @Test
    void parse_validPayload_mapsEveryField() throws Exception {
        AlertGroup group = parse(payload());
        assertEquals("4", group.version());
        assertEquals("{}:{alertname=\"DiskFull\"}", group.groupKey());
        assertEquals(Status.FIRING, group.status());
        assertEquals("slack", group.receiver());
        assertEquals(Labels.of("alertname", "DiskFull"), group.groupLabels());
        assertEquals("http://am:9093", group.externalURL());
        Alert alert = group.alerts().get(0);
        assertEquals(Status.FIRING, alert.status());
        assertEquals("critical", alert.labels().valueOrEmpty("severity"));
        assertEquals("disk full", alert.annotations().valueOrEmpty("summary"));
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), alert.startsAt());
        assertEquals("http://prom/graph", alert.generatorURL());
        assertEquals("0123456789abcdef", alert.fingerprint());
    }

    @Test
    void parse_zeroEndsAt_givesEmpty() throws Exception {
        assertTrue(parse(payload()).alerts().get(0).endsAt().isEmpty());
    }

    @Test
    void parse_setEndsAt_givesInstant() throws Exception {
        Alert alert = parse(payload(alertWith("endsAt", "\"2024-05-01T11:00:00Z\""), "")).alerts().get(0);
        assertEquals(Instant.parse("2024-05-01T11:00:00Z"), alert.endsAt().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({
        "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00.123456789Z, 2024-05-01T10:00:00.123456789Z",
        "2024-05-01T10:00:00.1Z, 2024-05-01T10:00:00.100Z",
        "2024-05-01T15:30:00+05:30, 2024-05-01T10:00:00Z",
        "2024-05-01T05:00:00.5-05:00, 2024-05-01T10:00:00.5Z",
        "2024-05-01t10:00:00z, 2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00+00:00, 2024-05-01T10:00:00Z",
    })
    void parse_rfc3339Variants_accepts(String text, String expected) throws Exception {
        Alert alert = parse(payload(alertWith("startsAt", "\"" + text + "\""), "")).alerts().get(0);
        assertEquals(Instant.parse(expected), alert.startsAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-05-01 10:00:00Z", "2024-05-01T10:00Z", "2024-05-01T10:00:00", "2024-05-01T10:00:00.Z",
        "2024-05-01T10:00:00.1234567890Z", "2024-13-01T10:00:00Z", "2024-02-30T10:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00+0530", "2024-05-01T10:00:00+19:00",
        "1714557600", "", " 2024-05-01T10:00:00Z",
    })
    void parse_notRfc3339_rejectsWithPath(String text) {
        IngestException e = reject(payload(alertWith("startsAt", "\"" + text + "\""), ""));
        assertRejected(e, 400, "alerts[0].startsAt");
        assertTrue(e.error().contains("RFC 3339"), e.error());
    }

    @Test
    void parse_timestampNotString_rejectsWithPath() {
        assertRejected(reject(payload(alertWith("endsAt", "1714557600"), "")), 400, "alerts[0].endsAt");
    }

    @Test
    void parse_notificationReasonAndRouteLabels_kept() throws Exception {
        AlertGroup group = parse(payload(ALERT,
                ",\"notification_reason\":\"repeat interval elapsed\",\"routeLabels\":{\"team\":\"storage\"}"));
        assertEquals("repeat interval elapsed", group.notificationReason());
        assertEquals(Labels.of("team", "storage"), group.routeLabels());
    }

    @Test
    void parse_unknownFields_ignored() throws Exception {
        AlertGroup group = parse(payload(ALERT.replace("{\"status\"", "{\"extra\":{\"deep\":[1,2.5,true,null]},\"status\""),
                ",\"futureField\":[{\"x\":1}]"));
        assertEquals(1, group.alerts().size());
    }

    @Test
    void parse_optionalFieldsAbsentOrNull_defaults() throws Exception {
        AlertGroup group = parse("""
                {"status":"firing","groupLabels":null,"alerts":[{"labels":{"alertname":"A"},\
                "annotations":null,"startsAt":"2024-05-01T10:00:00Z"}]}""");
        assertEquals("4", group.version());
        assertEquals(0, group.truncatedAlerts());
        assertEquals("", group.receiver());
        assertEquals(Labels.EMPTY, group.groupLabels());
        Alert alert = group.alerts().get(0);
        assertEquals(Status.FIRING, alert.status());
        assertEquals(Labels.EMPTY, alert.annotations());
        assertTrue(alert.endsAt().isEmpty());
        assertEquals("", alert.fingerprint());
    }

    @Test
    void parse_statusesMissing_derivedFromAlerts() throws Exception {
        String resolved = "{\"labels\":{\"a\":\"1\"},\"startsAt\":\"2024-05-01T10:00:00Z\",\"endsAt\":\"2024-05-01T11:00:00Z\"}";
        String firing = "{\"labels\":{\"a\":\"2\"},\"startsAt\":\"2024-05-01T10:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\"}";
        assertEquals(Status.RESOLVED, parse("{\"alerts\":[" + resolved + "]}").status());
        AlertGroup mixed = parse("{\"alerts\":[" + resolved + "," + firing + "]}");
        assertEquals(Status.FIRING, mixed.status());
        assertEquals(Status.RESOLVED, mixed.alerts().get(0).status());
        assertEquals(Status.FIRING, mixed.alerts().get(1).status());
    }

    @Test
    void parse_numericVersion4_accepts() throws Exception {
        assertEquals("4", parse(payload().replace("\"version\":\"4\"", "\"version\":4")).version());
    }

    @Test
    void parse_truncatedAlerts_kept() throws Exception {
        assertEquals(7, parse(payload().replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":7")).truncatedAlerts());
    }

    @Test
    void parse_nonAsciiAndEscapes_decoded() throws Exception {
        Alert alert = parse(payload(alertWith("annotations",
                "{\"summary\":\"ノード \\u003cdown\\u003e \\ud83d\\udd25\"}"), "")).alerts().get(0);
        assertEquals("ノード <down> \uD83D\uDD25", alert.annotations().valueOrEmpty("summary"));
    }

    @Test
    void parse_fromStream_sameAsBytes() throws Exception {
        AlertGroup group = parser.parse(new ByteArrayInputStream(payload().getBytes(UTF_8)));
        assertEquals(parse(payload()), group);
    }

    @Test
    void parse_validAfterInvalid_sameParserWorks() throws Exception {
        reject("{\"alerts\":[{");
        reject(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'});
        reject(payload(alertWith("labels", "{\"a\":\"1\",\"a\":\"2\"}"), ""));
        assertEquals(1, parse(payload()).alerts().size());
    }

    // ---- bad input: 400 with a path ----

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"alerts\":[", "{\"status\":\"firing\"", "{\"a\":tru}", "{'a':1}",
        "{\"alerts\":[]} trailing"})
    void parse_notJsonOrTruncated_rejects(String body) {
        assertEquals(400, reject(body).status());
    }

    @Test
    void parse_truncated_namesWhereItStopped() {
        IngestException e = reject(payload().substring(0, payload().indexOf("\"severity\"") + 5));
        assertEquals(400, e.status());
        assertTrue(e.error().contains("truncated"), e.error());
        assertTrue(e.path().startsWith("alerts[0].labels"), e.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "[{\"alerts\":[]}]"})
    void parse_topLevelNotObject_rejectsWithEmptyPath(String body) {
        assertRejected(reject(body), 400, "");
    }

    @Test
    void parse_alertsMissing_rejectsWithPath() {
        assertRejected(reject("{\"status\":\"firing\"}"), 400, "alerts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "\"x\"", "null", "[]"})
    void parse_alertsNotNonEmptyList_rejectsWithPath(String alerts) {
        assertRejected(reject("{\"status\":\"firing\",\"alerts\":" + alerts + "}"), 400, "alerts");
    }

    @Test
    void parse_alertNotObject_rejectsWithPath() {
        assertRejected(reject(payload(ALERT + ",\"x\"", "")), 400, "alerts[1]");
    }

    @Test
    void parse_labelValueNotString_rejectsWithPath() {
        IngestException e = reject(payload(alertWith("labels", "{\"alertname\":\"A\",\"severity\":3}"), ""));
        assertRejected(e, 400, "alerts[0].labels.severity");
        assertEquals("expected a string", e.error());
    }

    @Test
    void parse_annotationValueNull_rejectsWithPath() {
        assertRejected(reject(payload(alertWith("annotations", "{\"summary\":null}"), "")),
                400, "alerts[0].annotations.summary");
    }

    @Test
    void parse_commonLabelsNotObject_rejectsWithPath() {
        assertRejected(reject(payload().replace("\"commonLabels\":{\"alertname\":\"DiskFull\"}", "\"commonLabels\":[]")),
                400, "commonLabels");
    }

    @Test
    void parse_oddLabelName_quotedInPath() {
        assertRejected(reject(payload(alertWith("labels", "{\"team name\":true}"), "")),
                400, "alerts[0].labels[\"team name\"]");
    }

    @Test
    void parse_labelsMissing_rejectsWithPath() {
        assertRejected(reject("{\"alerts\":[{\"startsAt\":\"2024-05-01T10:00:00Z\"}]}"), 400, "alerts[0].labels");
    }

    @Test
    void parse_startsAtMissing_rejectsWithPath() {
        assertRejected(reject("{\"alerts\":[{\"labels\":{}}]}"), 400, "alerts[0].startsAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"FIRING\"", "\"pending\"", "\"\"", "1", "true"})
    void parse_groupStatusInvalid_rejectsWithPath(String status) {
        assertRejected(reject(payload().replace("\"status\":\"firing\",\"receiver\"", "\"status\":" + status + ",\"receiver\"")),
                400, "status");
    }

    @Test
    void parse_alertStatusInvalid_rejectsWithPath() {
        IngestException e = reject(payload(ALERT + "," + alertWith("status", "\"Resolved\""), ""));
        assertRejected(e, 400, "alerts[1].status");
        assertEquals("expected \"firing\" or \"resolved\"", e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"3\"", "\"5\"", "5", "4.0", "\"\"", "[\"4\"]"})
    void parse_versionNot4_rejectsWithPath(String version) {
        assertRejected(reject(payload().replace("\"version\":\"4\"", "\"version\":" + version)), 400, "version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"3\"", "99999999999", "true"})
    void parse_truncatedAlertsInvalid_rejectsWithPath(String value) {
        assertRejected(reject(payload().replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":" + value)),
                400, "truncatedAlerts");
    }

    @Test
    void parse_stringFieldNotString_rejectsWithPath() {
        assertRejected(reject(payload(alertWith("fingerprint", "123"), "")), 400, "alerts[0].fingerprint");
        assertRejected(reject(payload(ALERT, ",\"notification_reason\":{}")), 400, "notification_reason");
    }

    @Test
    void parse_duplicateTopLevelKey_rejectsWithPath() {
        IngestException e = reject(payload(ALERT, ",\"status\":\"resolved\""));
        assertRejected(e, 400, "status");
        assertTrue(e.error().contains("duplicate"), e.error());
    }

    @Test
    void parse_duplicateLabel_rejectsWithPath() {
        assertRejected(reject(payload(ALERT + "," + alertWith("labels", "{\"a\":\"1\",\"severity\":\"x\",\"severity\":\"y\"}"), "")),
                400, "alerts[1].labels.severity");
    }

    @Test
    void parse_duplicateAlertField_rejectsWithPath() {
        String twice = ALERT.substring(0, ALERT.length() - 1) + ",\"fingerprint\":\"a\",\"fingerprint\":\"b\"}";
        IngestException e = reject(payload(twice, ""));
        assertRejected(e, 400, "alerts[0].fingerprint");
        assertTrue(e.error().contains("duplicate"), e.error());
    }

    @Test
    void parse_duplicateUnknownAlertField_rejectsWithPath() {
        String twice = ALERT.substring(0, ALERT.length() - 1) + ",\"x\":1,\"x\":2}";
        assertRejected(reject(payload(twice, "")), 400, "alerts[0].x");
    }

    @Test
    void parse_duplicateInUnknownField_rejectsWithPath() {
        assertRejected(reject(payload(ALERT, ",\"extra\":[{\"k\":1,\"k\":2}]")), 400, "extra[0].k");
    }

    @Test
    void parse_overlongUtf8_rejects() {
        // C0 AF is an overlong encoding of '/': jackson's own decoder would accept it.
        assertInvalidUtf8InSummary(new byte[] {(byte) 0xC0, (byte) 0xAF});
    }

    @Test
    void parse_encodedLoneSurrogate_rejects() {
        // ED A0 80 is U+D800 encoded as UTF-8, which UTF-8 forbids.
        assertInvalidUtf8InSummary(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    }

    @Test
    void parse_truncatedMultibyteSequence_rejects() {
        assertInvalidUtf8InSummary(new byte[] {(byte) 0xE3, (byte) 0x83});
    }

    private void assertInvalidUtf8InSummary(byte[] bad) {
        String json = payload(alertWith("annotations", "{\"summary\":\"BAD\"}"), "");
        int at = json.indexOf("BAD");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(json.substring(0, at).getBytes(UTF_8));
        body.writeBytes(bad);
        body.writeBytes(json.substring(at + 3).getBytes(UTF_8));
        IngestException e = reject(body.toByteArray());
        assertEquals(400, e.status());
        assertTrue(e.error().contains("UTF-8"), e.error());
    }

    @Test
    void parse_escapedLoneSurrogate_rejectsWithPath() {
        assertRejected(reject(payload(alertWith("annotations", "{\"summary\":\"x\\ud800y\"}"), "")),
                400, "alerts[0].annotations.summary");
    }

    @Test
    void parse_nestingTooDeep_rejectsWithPath() {
        WebhookParser shallow = new WebhookParser(new IngestLimits(1 << 20, 6, 100));
        String deep = "{\"a\":".repeat(6) + "1" + "}".repeat(6);
        IngestException e = assertThrows(IngestException.class,
                () -> shallow.parse(payload(ALERT, ",\"extra\":" + deep).getBytes(UTF_8)));
        assertRejected(e, 400, "extra.a.a.a.a.a");
        assertTrue(e.error().contains("nested"), e.error());
    }

    @Test
    void parse_nestingAtLimit_accepts() throws Exception {
        WebhookParser shallow = new WebhookParser(new IngestLimits(1 << 20, 6, 100));
        String deep = "{\"a\":".repeat(5) + "1" + "}".repeat(5);
        assertEquals(1, shallow.parse(payload(ALERT, ",\"extra\":" + deep).getBytes(UTF_8)).alerts().size());
    }

    @Test
    void parse_deepArraysWithDefaults_rejectsWithoutStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(400, reject(payload(ALERT, ",\"extra\":" + deep)).status());
    }

    @Test
    void parse_moreAlertsThanLimit_rejectsWithPath() throws Exception {
        WebhookParser few = new WebhookParser(new IngestLimits(1 << 20, 32, 3));
        String three = String.join(",", ALERT, ALERT, ALERT);
        assertEquals(3, few.parse(payload(three, "").getBytes(UTF_8)).alerts().size());
        IngestException e = assertThrows(IngestException.class,
                () -> few.parse(payload(three + "," + ALERT, "").getBytes(UTF_8)));
        assertRejected(e, 400, "alerts");
    }

    // ---- size limits: 413 ----

    @Test
    void parse_bodyOverLimit_rejects413() {
        WebhookParser small = new WebhookParser(new IngestLimits(100, 32, 100));
        IngestException e = assertThrows(IngestException.class, () -> small.parse(payload().getBytes(UTF_8)));
        assertRejected(e, 413, "");
    }

    @Test
    void parse_bodyExactlyAtLimit_accepts() throws Exception {
        byte[] body = payload().getBytes(UTF_8);
        WebhookParser exact = new WebhookParser(new IngestLimits(body.length, 32, 100));
        assertEquals(1, exact.parse(body).alerts().size());
    }

    @Test
    void parse_hugeStream_stopsReadingSoonAfterLimit() {
        long limit = 64 * 1024;
        CountingEndlessStream endless = new CountingEndlessStream(100L * 1024 * 1024);
        WebhookParser small = new WebhookParser(new IngestLimits(limit, 32, 100));
        IngestException e = assertThrows(IngestException.class, () -> small.parse(endless));
        assertEquals(413, e.status());
        assertTrue(endless.read <= limit + 64 * 1024, "read " + endless.read + " bytes");
    }

    @Test
    void checkContentLength_overLimit_throws413() {
        IngestLimits limits = new IngestLimits(1000, 32, 100);
        assertEquals(413, assertThrows(IngestException.class,
                () -> WebhookParser.checkContentLength(1001, limits)).status());
    }

    @Test
    void checkContentLength_atLimitOrUnknown_passes() throws Exception {
        IngestLimits limits = new IngestLimits(1000, 32, 100);
        WebhookParser.checkContentLength(1000, limits);
        WebhookParser.checkContentLength(-1, limits);
    }

    // ---- errors never echo the body ----

    @Test
    void parse_hugeBadToken_errorStaysShort() {
        String junk = "x".repeat(100_000);
        IngestException e = reject("{\"alerts\":" + junk + "}");
        assertTrue(e.error().length() < 200, e.error());
        IngestException key = reject(payload(alertWith("labels", "{\"" + junk + "\":1}"), ""));
        assertTrue(key.path().length() < 200, key.path());
    }

    @Test
    void toJson_withPath_hasErrorAndPath() {
        assertEquals(Map.of("error", "expected a string", "path", "alerts[0].labels.severity"),
                new IngestException(400, "expected a string", "alerts[0].labels.severity").toJson());
    }

    @Test
    void toJson_withoutPath_omitsPath() {
        assertEquals(Map.of("error", "body larger than 10 bytes"),
                new IngestException(413, "body larger than 10 bytes", "").toJson());
    }

    @Test
    void limits_defaults_useNamedConstants() {
        IngestLimits d = IngestLimits.defaults();
        assertEquals(4L * 1024 * 1024, d.maxBodyBytes());
        assertEquals(32, d.maxNestingDepth());
        assertEquals(10_000, d.maxAlerts());
    }

    @Test
    void limits_nonPositive_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new IngestLimits(0, 32, 1));
        assertThrows(IllegalArgumentException.class, () -> new IngestLimits(1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new IngestLimits(1, 32, 0));
    }

    /** A 100 MB body (one endless string value) that counts how much of it was read. */
    private static final class CountingEndlessStream extends InputStream {
        private static final byte[] PREFIX = "{\"alerts\":\"".getBytes(UTF_8);
        private final long size;
        long read;

        CountingEndlessStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) return -1;
            return read < PREFIX.length ? PREFIX[(int) read++] : (int) (read++ % 26) + 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) return -1;
            int n = (int) Math.min(len, size - read);
            for (int i = 0; i < n; i++) b[off + i] = (byte) read();
            return n;
        }
    }
}
