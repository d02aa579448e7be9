package dev.vigil.exporters.host;

import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers shared by the host collectors: reading procfs/sysfs files and naming sources. */
final class Proc {
  /** USER_HZ: the kernel reports CPU times in 1/100 s on every Linux architecture we run on. */
  static final double USER_HZ = 100.0;
  /** Page size for sockstat's "mem" (in pages); 4 KiB on x86_64 and arm64 defaults. */
  static final long PAGE_SIZE = 4096;

  interface Body {
    void collect(Families out) throws Exception;
  }

  private Proc() {}

  static Source source(String name, Body body) {
    return new Source() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void collect(Families out) throws Exception {
        body.collect(out);
      }
    };
  }

  static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }

  /**
   * The file's text, trimmed. Read line by line: some procfs files report size 0 and
   * Files.readString may then return nothing.
   */
  static String text(Path p) throws IOException {
    return String.join("\n", lines(p)).trim();
  }

  static String[] fields(String line) {
    return line.trim().split("\\s+");
  }

  static double num(String s) {
    return Double.parseDouble(s);
  }
}
