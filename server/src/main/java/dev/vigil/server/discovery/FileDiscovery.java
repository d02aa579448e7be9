package dev.vigil.server.discovery;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File service discovery: reads the files matching the globs, and re-reads them when one
 * changes (checked every second, cheaply, by modification time and size) or every refresh
 * interval. A file that fails to parse keeps its last good targets and logs the error.
 */
public final class FileDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(FileDiscovery.class);

  private final List<String> globs;
  private final long refreshMillis;
  private final Consumer<List<Labels>> listener;
  private final Map<Path, List<Labels>> lastGood = new HashMap<>();
  private final Map<Path, String> stamps = new HashMap<>();
  private long lastFullRead;
  private ScheduledFuture<?> task;

  public FileDiscovery(List<String> globs, long refreshMillis, Consumer<List<Labels>> listener) {
    this.globs = List.copyOf(globs);
    this.refreshMillis = refreshMillis;
    this.listener = listener;
  }

  public void start(ScheduledExecutorService scheduler) {
    task = scheduler.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
  }

  public void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  synchronized void poll() {
    try {
      long now = System.currentTimeMillis();
      Map<Path, String> current = new HashMap<>();
      for (String glob : globs) {
        for (Path p : expand(glob)) {
          current.put(p, stamp(p));
        }
      }
      if (current.equals(stamps) && now - lastFullRead < refreshMillis) {
        return;
      }
      lastFullRead = now;
      stamps.clear();
      stamps.putAll(current);
      lastGood.keySet().retainAll(current.keySet());
      for (Path p : current.keySet()) {
        try {
          String name = p.getFileName().toString();
          boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml");
          lastGood.put(p, TargetGroups.parse(Files.readString(p), yaml, p.toString(),
              Labels.of("__meta_filepath", p.toString())));
        } catch (IOException | IllegalArgumentException e) {
          LOG.error("file_sd: cannot read {}: {}", p, e.getMessage());
        }
      }
      List<Labels> all = new ArrayList<>();
      lastGood.values().forEach(all::addAll);
      listener.accept(all);
    } catch (RuntimeException e) {
      LOG.error("file_sd: refresh failed", e);
    }
  }

  private static String stamp(Path p) {
    try {
      FileTime t = Files.getLastModifiedTime(p);
      return t.toMillis() + "/" + Files.size(p);
    } catch (IOException e) {
      return "missing";
    }
  }

  static List<Path> expand(String glob) {
    Path pattern = Path.of(glob);
    Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
        pattern.getFileName().toString())) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      LOG.error("file_sd: cannot list {}: {}", dir, e.getMessage());
    }
    out.sort(null);
    return out;
  }
}
