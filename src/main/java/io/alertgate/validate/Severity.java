package io.alertgate.validate;

import java.util.Locale;

/** How bad a finding is: only errors make a config invalid. */
public enum Severity {
    ERROR, WARNING, HINT;

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
