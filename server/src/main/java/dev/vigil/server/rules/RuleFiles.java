package dev.vigil.server.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Expands rule_files globs ('*' and friends in the last path element only) to files. */
final class RuleFiles {
  private RuleFiles() {}

  /** The regular files matching any glob, sorted and without duplicates. */
  static List<Path> expand(List<String> globs) throws IOException {
    TreeSet<Path> out = new TreeSet<>();
    for (String g : globs) {
      out.addAll(match(g));
    }
    return new ArrayList<>(out);
  }

  static List<Path> match(String glob) throws IOException {
    Path p = Path.of(glob);
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
      // A plain name that does not exist matches nothing, as a Go glob does.
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
      return out;
    }
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + name);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (Files.isRegularFile(f) && m.matches(f.getFileName())) {
          out.add(p.getParent() == null ? f.getFileName() : f);
        }
      }
    }
    return out;
  }
}
