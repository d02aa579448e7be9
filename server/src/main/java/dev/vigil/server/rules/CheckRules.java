package dev.vigil.server.rules;

import dev.vigil.server.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code check rules FILE...}: validates rule files as {@code promtool check rules} does.
 * Per file, stdout gets {@code Checking FILE}, then {@code   SUCCESS: N rules found} and a blank
 * line; a bad file gets {@code   FAILED:} and its problems on stderr. Duplicate rules (same name
 * and labels) are a lint finding: reported the same way, but the exit code stays 0 unless
 * {@code lintFatal} (then 3). Exit code 1 when any file is invalid.
 */
public final class CheckRules {
  private CheckRules() {}

  /**
   * @param files the files; empty reads one file from {@code stdin}
   * @param lintDuplicates whether duplicate rules are reported ({@code --lint=duplicate-rules})
   */
  public static int run(List<Path> files, InputStream stdin, boolean lintDuplicates,
      boolean lintFatal, boolean ignoreUnknownFields, TemplateFactory templates,
      PrintStream out, PrintStream err) {
    RuleFileParser parser = new RuleFileParser(templates.create((e, t) -> List.of(), ""),
        ignoreUnknownFields);
    boolean errors = false;
    boolean lint = false;
    List<String> names = new ArrayList<>();
    if (files.isEmpty()) {
      names.add(null);
    } else {
      files.forEach(f -> names.add(f.toString()));
    }
    for (String name : names) {
      out.println("Checking " + (name == null ? "standard input" : name));
      List<GroupDefinition> groups;
      try {
        if (name == null) {
          groups = parser.parse(new String(stdin.readAllBytes(), StandardCharsets.UTF_8),
              "standard input");
        } else {
          groups = parser.parse(Path.of(name));
        }
      } catch (ConfigException e) {
        failed(err, e.problems());
        errors = true;
        out.println();
        continue;
      } catch (IOException e) {
        failed(err, List.of("standard input: " + e.getMessage()));
        errors = true;
        out.println();
        continue;
      }
      List<RuleDefinition> dups = lintDuplicates ? duplicates(groups) : List.of();
      if (!dups.isEmpty()) {
        StringBuilder sb = new StringBuilder("lint error " + dups.size()
            + " duplicate rule(s) found.\n");
        for (RuleDefinition d : dups) {
          sb.append("Metric: ").append(d.name()).append("\nLabel(s):\n");
          for (int i = 0; i < d.labels().size(); i++) {
            sb.append('\t').append(d.labels().name(i)).append(": ").append(d.labels().value(i))
                .append('\n');
          }
        }
        sb.append("Might cause inconsistency while recording expressions");
        failed(err, List.of(sb.toString()));
        lint = true;
      } else {
        int n = groups.stream().mapToInt(g -> g.rules().size()).sum();
        out.println("  SUCCESS: " + n + " rules found");
      }
      out.println();
    }
    out.flush();
    err.flush();
    return errors ? 1 : lint && lintFatal ? 3 : 0;
  }

  private static void failed(PrintStream err, List<String> problems) {
    err.println("  FAILED:");
    for (String p : problems) {
      err.println(p);
    }
  }

  /** Rules sharing name and labels with an earlier one, each such set once, sorted. */
  static List<RuleDefinition> duplicates(List<GroupDefinition> groups) {
    List<RuleDefinition> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.rules()));
    Comparator<RuleDefinition> order = Comparator.comparing(RuleDefinition::name)
        .thenComparing(RuleDefinition::labels);
    all.sort(order);
    List<RuleDefinition> out = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      RuleDefinition last = all.get(i - 1);
      RuleDefinition r = all.get(i);
      if (order.compare(last, r) == 0
          && (out.isEmpty() || order.compare(out.get(out.size() - 1), r) != 0)) {
        out.add(r);
      }
    }
    return out;
  }
}
