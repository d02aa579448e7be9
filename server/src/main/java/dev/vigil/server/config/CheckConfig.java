package dev.vigil.server.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code vigil check config FILE...}: validates config files like {@code promtool check config}.
 * Each rule_files glob must point into an existing directory; the files it matches are counted
 * and then checked as {@code check rules} checks them (by the checker the caller passes, since
 * rules sit above configuration). A file_sd glob that matches nothing is a warning, as in
 * promtool (the files may appear later).
 */
public final class CheckConfig {
  private CheckConfig() {}

  /** Checks every file, not its rule files; returns 0 when all are valid, 1 otherwise. */
  public static int run(List<Path> files, PrintStream out, PrintStream err) {
    return run(files, null, out, err);
  }

  /**
   * Checks every file and, when the configuration is valid, its rule files with
   * {@code ruleChecker} (files → exit code, printing its own report); returns the worse code.
   */
  public static int run(List<Path> files, ToIntFunction<List<Path>> ruleChecker, PrintStream out,
      PrintStream err) {
    List<Path> rules = new ArrayList<>();
    if (files.isEmpty()) {
      err.println("check config: no config file given");
      return 1;
    }
    boolean ok = true;
    for (Path file : files) {
      out.println("Checking " + file);
      List<String> problems = new ArrayList<>();
      try {
        Config c = ConfigLoader.load(file);
        int ruleFiles = 0;
        for (String glob : c.ruleFiles()) {
          try {
            List<Path> matched = match(glob);
            ruleFiles += matched.size();
            rules.addAll(matched);
          } catch (IOException e) {
            problems.add(file + ": rule_files: " + e.getMessage());
          }
        }
        for (ScrapeConfig sc : c.scrapeConfigs()) {
          for (FileSdConfig fsd : sc.fileSdConfigs()) {
            for (String glob : fsd.files()) {
              boolean none;
              try {
                none = match(glob).isEmpty();
              } catch (IOException e) {
                none = true;
              }
              if (none) {
                out.println("  WARNING: file \"" + glob + "\" for file_sd in scrape job \""
                    + sc.jobName() + "\" does not exist");
              }
            }
          }
        }
        if (problems.isEmpty()) {
          out.println("  SUCCESS: " + c.scrapeConfigs().size() + " scrape configs, " + ruleFiles
              + " rule files");
          continue;
        }
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
      ok = false;
      err.println("  FAILED: " + file);
      for (String p : problems) {
        err.println(p);
      }
    }
    int code = ok ? 0 : 1;
    if (ok && ruleChecker != null && !rules.isEmpty()) {
      out.println();
      code = Math.max(code, ruleChecker.applyAsInt(rules));
    }
    return code;
  }

  /**
   * The regular files matching {@code glob}, whose '*' may only be in the last element (the
   * config parser enforces that). Throws when the directory does not exist.
   */
  static List<Path> match(String glob) throws IOException {
    Path p = Path.of(glob);
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException("directory \"" + dir + "\" of \"" + glob + "\" does not exist");
    }
    String name = p.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
      return out;
    }
    PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + name);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (Files.isRegularFile(f) && m.matches(f.getFileName())) {
          out.add(f);
        }
      }
    }
    return out;
  }
}
