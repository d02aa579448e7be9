package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.template.AlertmanagerTemplates;
import dev.vigil.server.template.GoTemplate;
import dev.vigil.server.template.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Vigil's default notification templates with the {@code templates} files over them (a later
 * definition of a name wins), and the expansion of one field's template text against a
 * notification, as Alertmanager does: the text is parsed as a template that may call every
 * defined one. Immutable and thread-safe.
 */
final class NotificationTemplates {
  static final String DEFAULTS = "default.tmpl";
  private static final String FIELD = "__vigil_field";
  private static final GoTemplate BUILT_IN = builtIn();

  private final GoTemplate base;

  private NotificationTemplates(GoTemplate base) {
    this.base = base;
  }

  /** Only the built-in templates. */
  static NotificationTemplates defaults() {
    return new NotificationTemplates(BUILT_IN);
  }

  /**
   * The built-in templates and then each file, in order.
   *
   * @throws IOException when a file cannot be read
   * @throws TemplateException when a file does not parse (the message names the file)
   */
  static NotificationTemplates load(List<String> files) throws IOException, TemplateException {
    GoTemplate t = BUILT_IN;
    for (String f : files) {
      t = t.with(f, Files.readString(Path.of(f), StandardCharsets.UTF_8));
    }
    return new NotificationTemplates(t);
  }

  private static GoTemplate builtIn() {
    try (InputStream in = NotificationTemplates.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("resource " + DEFAULTS + " is missing from the jar");
      }
      return GoTemplate.parse(DEFAULTS, new String(in.readAllBytes(), StandardCharsets.UTF_8),
          AlertmanagerTemplates.funcs());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      throw new IllegalStateException("built-in templates do not parse: " + e.getMessage(), e);
    }
  }

  /** Whether {@code text} parses as a template; used to refuse bad fields when loading. */
  void check(String text) throws TemplateException {
    if (text.contains("{{")) {
      base.with(FIELD, text);
    }
  }

  /** Expands {@code text} for {@code data}; text without actions is returned as it is. */
  String render(String text, NotificationData data) throws TemplateException {
    if (!text.contains("{{")) {
      return text;
    }
    return base.with(FIELD, text).execute(FIELD, AlertmanagerTemplates.data(data));
  }

  /** Executes a defined template by name, for tests that compare outputs. */
  String execute(String name, NotificationData data) throws TemplateException {
    return base.execute(name, AlertmanagerTemplates.data(data));
  }
}
