package io.alertgate.template;

/**
 * Escaping for Slack mrkdwn. Slack asks for exactly three characters to be escaped — {@code &},
 * {@code <}, {@code >} (docs.slack.dev "Formatting text for app surfaces") — and that is enough:
 * without {@code <} a value cannot open a link, a {@code <!channel>} ping or a {@code <@U…>}
 * mention. Everything else (asterisks, underscores) is left alone so values read as sent.
 */
public final class Mrkdwn {
    private Mrkdwn() {}

    /** Escapes {@code &}, {@code <}, {@code >} as {@code &amp;}, {@code &lt;}, {@code &gt;}; null is "". */
    public static String escape(String raw) {
        if (raw == null) return "";
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '&' || c == '<' || c == '>') break;
            i++;
        }
        if (i == raw.length()) return raw;
        StringBuilder out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
        for (; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
