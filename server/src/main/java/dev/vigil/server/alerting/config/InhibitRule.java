package dev.vigil.server.alerting.config;

import dev.vigil.server.model.Matcher;
import java.util.List;

/**
 * One inhibition rule: an alert matching {@code targetMatchers} is muted while a firing alert
 * matches {@code sourceMatchers} and has the same values for the labels in {@code equal} (a
 * missing label equals an empty one). The legacy {@code *_match} and {@code *_match_re} maps are
 * folded into the matcher lists when the file is loaded.
 *
 * @param sourceMatchers sorted as Alertmanager sorts matchers
 * @param targetMatchers sorted as Alertmanager sorts matchers
 * @param equal label names, in file order
 */
public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers,
    List<String> equal) {
  public InhibitRule {
    sourceMatchers = List.copyOf(sourceMatchers);
    targetMatchers = List.copyOf(targetMatchers);
    equal = List.copyOf(equal);
  }
}
