package dev.vigil.server.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads target groups in the file and HTTP service discovery format: a list of
 * {@code {targets: [host:port, ...], labels: {name: value}}}, in JSON or YAML. Each target
 * becomes a label set with {@code __address__}, the group's labels, and {@code extra}.
 */
public final class TargetGroups {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TargetGroups() {}

  /** @throws IllegalArgumentException with {@code source} and the problem when malformed */
  public static List<Labels> parse(String content, boolean yaml, String source, Labels extra) {
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(content);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    List<Labels> out = new ArrayList<>();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return out;
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException(source + ": expected a list of target groups");
    }
    for (int g = 0; g < root.size(); g++) {
      JsonNode group = root.get(g);
      JsonNode targets = group.get("targets");
      JsonNode labels = group.get("labels");
      for (Iterator<String> it = group.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("targets") && !f.equals("labels")) {
          throw new IllegalArgumentException(source + ": group " + g + ": unknown field \"" + f
              + "\"");
        }
      }
      if (targets == null || !targets.isArray()) {
        throw new IllegalArgumentException(source + ": group " + g + ": \"targets\" must be a list");
      }
      Labels.Builder common = extra.toBuilder();
      if (labels != null && !labels.isNull()) {
        if (!labels.isObject()) {
          throw new IllegalArgumentException(source + ": group " + g + ": \"labels\" must be a map");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          common.set(e.getKey(), e.getValue().asText());
        }
      }
      Labels groupLabels = common.build();
      for (JsonNode t : targets) {
        out.add(groupLabels.toBuilder().set("__address__", t.asText()).build());
      }
    }
    return out;
  }
}
