package dev.vigil.server.alerting.receivers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.alerting.NotifyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A rendered Slack message with one attachment, as Alertmanager posts it to an incoming webhook
 * or {@code chat.postMessage}; empty strings are left out where Alertmanager leaves them out.
 */
record SlackMessage(String channel, String username, String iconEmoji, String iconUrl,
    boolean linkNames, String text, Attachment attachment) {

  /** Slack cuts longer titles; Alertmanager cuts them first, with an ellipsis. */
  static final int MAX_TITLE_RUNES = 1024;
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  record Attachment(String title, String titleLink, String pretext, String text, String fallback,
      String callbackId, List<Field> fields, List<Action> actions, String imageUrl,
      String thumbUrl, String footer, String color, List<String> mrkdwnIn) {}

  record Field(String title, String value, boolean shortField) {}

  record Action(String type, String text, String url, String style, String name, String value,
      SlackConfig.Confirm confirm) {}

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      optional(g, "channel", channel);
      optional(g, "username", username);
      optional(g, "icon_emoji", iconEmoji);
      optional(g, "icon_url", iconUrl);
      if (linkNames) {
        g.writeBooleanField("link_names", true);
      }
      optional(g, "text", text);
      g.writeArrayFieldStart("attachments");
      attachment(g, attachment);
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return out.toByteArray();
  }

  private static void attachment(JsonGenerator g, Attachment a) throws IOException {
    g.writeStartObject();
    optional(g, "title", truncate(a.title(), MAX_TITLE_RUNES));
    optional(g, "title_link", a.titleLink());
    optional(g, "pretext", a.pretext());
    g.writeStringField("text", a.text());
    g.writeStringField("fallback", a.fallback());
    g.writeStringField("callback_id", a.callbackId());
    if (!a.fields().isEmpty()) {
      g.writeArrayFieldStart("fields");
      for (Field f : a.fields()) {
        g.writeStartObject();
        optional(g, "title", f.title());
        optional(g, "value", f.value());
        g.writeBooleanField("short", f.shortField());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (!a.actions().isEmpty()) {
      g.writeArrayFieldStart("actions");
      for (Action x : a.actions()) {
        g.writeStartObject();
        optional(g, "type", x.type());
        optional(g, "text", x.text());
        optional(g, "url", x.url());
        optional(g, "style", x.style());
        optional(g, "name", x.name());
        optional(g, "value", x.value());
        if (x.confirm() != null) {
          g.writeObjectFieldStart("confirm");
          optional(g, "text", x.confirm().text());
          optional(g, "title", x.confirm().title());
          optional(g, "ok_text", x.confirm().okText());
          optional(g, "dismiss_text", x.confirm().dismissText());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    optional(g, "image_url", a.imageUrl());
    optional(g, "thumb_url", a.thumbUrl());
    g.writeStringField("footer", a.footer());
    optional(g, "color", a.color());
    if (!a.mrkdwnIn().isEmpty()) {
      g.writeArrayFieldStart("mrkdwn_in");
      for (String m : a.mrkdwnIn()) {
        g.writeString(m);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }

  /** At most {@code max} code points, the last one an ellipsis when cut. */
  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /**
   * Slack answers an incoming webhook with 200 and the body {@code ok}, and chat.postMessage
   * with JSON {@code {"ok": true}}; anything else is a refusal retrying will not fix.
   */
  static void checkAnswer(HttpPost.Answer a, String shownUrl) throws NotifyException {
    String body = a.body();
    if (a.contentType().startsWith("application/json")) {
      try {
        JsonNode n = MAPPER.readTree(body);
        if (n.path("ok").asBoolean(false)) {
          return;
        }
        throw new NotifyException("slack " + shownUrl + ": error response from Slack: "
            + n.path("error").asText(HttpPost.errorText(body)), false);
      } catch (IOException e) {
        throw new NotifyException("slack " + shownUrl + ": unreadable response from Slack: "
            + HttpPost.errorText(body), false, e);
      }
    }
    if (!body.equals("ok")) {
      throw new NotifyException("slack " + shownUrl + ": error response from Slack: "
          + HttpPost.errorText(body), false);
    }
  }
}
