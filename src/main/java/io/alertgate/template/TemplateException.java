package io.alertgate.template;

/**
 * A user template that does not compile. Thrown while a configuration is loaded, so that a bad
 * template is refused before it replaces a good one; the message names the template and the line.
 */
public final class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String templateName;
    private final int line;

    public TemplateException(String templateName, int line, String reason, Throwable cause) {
        super("template " + templateName + (line > 0 ? " line " + line : "") + ": " + reason, cause);
        this.templateName = templateName;
        this.line = line;
    }

    private TemplateException(String message, String templateName, int line, Throwable cause) {
        super(message, cause);
        this.templateName = templateName;
        this.line = line;
    }

    /**
     * The same error named by its YAML path, like every other config error:
     * {@code tenants.acme.environments.prod.slack.templates.NAME: template line 3: reason}.
     */
    public TemplateException inTenant(String tenant, String environment) {
        String prefix = "template " + templateName;
        String rest = getMessage().startsWith(prefix) ? getMessage().substring(prefix.length()) : ": " + getMessage();
        String path = "tenants." + tenant + ".environments." + environment + ".slack.templates." + templateName;
        return new TemplateException(path + ":" + (line > 0 ? " template" : "") + rest, templateName, line, getCause());
    }

    /** The configured name of the template that failed. */
    public String templateName() {
        return templateName;
    }

    /** The 1-based line of the error, 0 when unknown. */
    public int line() {
        return line;
    }
}
