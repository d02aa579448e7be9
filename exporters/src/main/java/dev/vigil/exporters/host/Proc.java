package dev.vigil.exporters.host;

import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

  /**
   * Per-thread read buffer: Files.readAllLines costs ~25 KB of buffers per file, and a scrape
   * reads some twenty files (collectors run on a small, reused pool of threads).
   */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16384]);

  /** The file's lines. Read to EOF: procfs files report size 0 or 4096 whatever they hold. */
  static List<String> lines(Path p) throws IOException {
    byte[] buf = BUFFER.get();
    int n = 0;
    try (InputStream in = Files.newInputStream(p)) {
      for (int r; (r = in.read(buf, n, buf.length - n)) > 0; ) {
        n += r;
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
          BUFFER.set(buf);
        }
      }
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        out.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < n) {
      out.add(new String(buf, start, n - start, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Whether {@code pattern} matches {@code name}, remembered: the names are the kernel's few. */
  static boolean matches(Pattern pattern, Map<String, Boolean> memo, String name) {
    Boolean m = memo.get(name);
    if (m == null) {
      m = pattern.matcher(name).matches();
      if (memo.size() < 10_000) {
        memo.put(name, m);
      }
    }
    return m;
  }

  /**
   * The file's text, trimmed. Read line by line: some procfs files report size 0 and
   * Files.readString may then return nothing.
   */
  static String text(Path p) throws IOException {
    return String.join("\n", lines(p)).trim();
  }

  /**
   * The whitespace-separated fields of a line. Hand-written because String.split("\\s+")
   * compiles a regex per call, and a scrape splits a few hundred lines.
   */
  static String[] fields(String line) {
    List<String> out = new ArrayList<>(20);
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }

  static double num(String s) {
    return Double.parseDouble(s);
  }
}
