package dev.vigil.exporters.host;

import static dev.vigil.exporters.host.Proc.fields;
import static dev.vigil.exporters.host.Proc.lines;

import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * filesystem: the mounts in procfs/1/mounts (or self/mounts), sized through the JDK's
 * {@link FileStore} (statfs underneath). Each mount is sized on its own thread under
 * {@code mountTimeout}: a hung NFS mount gets {@code node_filesystem_device_error 1} and is not
 * asked again until its stuck call returns, so it cannot hold up the others or pile up threads.
 *
 * <p>The JDK exposes no inode counts, so node_filesystem_files and _files_free are not exported.
 */
final class FilesystemSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(FilesystemSource.class);

  /**
   * node_exporter 1.5's defaults as Debian packages it (the peer users swap from): upstream
   * excludes only /run/credentials/ under /run and neither /mnt nor /media.
   */
  static final String DEFAULT_MOUNT_POINTS_EXCLUDE =
      "^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";
  static final String DEFAULT_FS_TYPES_EXCLUDE = "^(autofs|binfmt_misc|bpf|cgroup2?|configfs"
      + "|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs"
      + "|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$";

  private final Path proc;
  private final Path rootfs;
  private final Pattern mountPointsExclude;
  private final Pattern fsTypesExclude;
  private final long mountTimeoutMillis;
  private final Set<String> stuck = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "node-statfs");
    t.setDaemon(true);
    return t;
  });

  /** Sizes one mount: total, free, available bytes. A seam so tests can hang a mount. */
  interface Sizer {
    long[] size(Path path) throws Exception;
  }

  private final Sizer sizer;

  FilesystemSource(Path proc, Path rootfs, Pattern mountPointsExclude, Pattern fsTypesExclude,
      long mountTimeoutMillis) {
    this(proc, rootfs, mountPointsExclude, fsTypesExclude, mountTimeoutMillis, path -> {
      FileStore store = Files.getFileStore(path);
      return new long[] {store.getTotalSpace(), store.getUnallocatedSpace(),
          store.getUsableSpace()};
    });
  }

  FilesystemSource(Path proc, Path rootfs, Pattern mountPointsExclude, Pattern fsTypesExclude,
      long mountTimeoutMillis, Sizer sizer) {
    this.sizer = sizer;
    this.proc = proc;
    this.rootfs = rootfs;
    this.mountPointsExclude = mountPointsExclude;
    this.fsTypesExclude = fsTypesExclude;
    this.mountTimeoutMillis = mountTimeoutMillis;
  }

  @Override
  public String name() {
    return "filesystem";
  }

  @Override
  public void collect(Families out) throws Exception {
    Path mounts = proc.resolve("1/mounts");
    if (!Files.isReadable(mounts)) {
      mounts = proc.resolve("self/mounts");
    }
    Set<String> seen = new HashSet<>();
    for (String line : lines(mounts)) {
      String[] f = fields(line);
      if (f.length < 4) {
        continue;
      }
      String device = unescape(f[0]);
      String mountPoint = unescape(f[1]);
      String fsType = f[2];
      if (mountPointsExclude.matcher(mountPoint).find() || fsTypesExclude.matcher(fsType).find()
          || !seen.add(device + '\0' + mountPoint + '\0' + fsType)) {
        continue;
      }
      boolean readOnly = List.of(f[3].split(",")).contains("ro");
      String[] labels = {"device", device, "fstype", fsType, "mountpoint", mountPoint};
      long[] size = size(rootfs.resolve(mountPoint.substring(1)), mountPoint);
      out.gauge("node_filesystem_device_error",
          "Whether an error occurred while getting statistics for the given device.",
          size == null ? 1 : 0, labels);
      out.gauge("node_filesystem_readonly", "Filesystem read-only status.", readOnly ? 1 : 0,
          labels);
      if (size != null) {
        out.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", size[0], labels);
        out.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", size[1],
            labels);
        out.gauge("node_filesystem_avail_bytes",
            "Filesystem space available to non-root users in bytes.", size[2], labels);
      }
    }
  }

  /** total, free, available bytes; null when the mount fails or does not answer in time. */
  private long[] size(Path path, String mountPoint) {
    if (stuck.contains(mountPoint)) {
      return null;
    }
    Future<long[]> f = pool.submit(() -> sizer.size(path));
    try {
      return f.get(mountTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      stuck.add(mountPoint);
      LOG.warn("filesystem: {} did not answer within {} ms; skipped until it does", mountPoint,
          mountTimeoutMillis);
      pool.submit(() -> { // forget it once the hung call comes back
        try {
          f.get();
        } catch (Exception ignored) {
          // the failure was already reported as device_error
        } finally {
          stuck.remove(mountPoint);
        }
      });
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      LOG.debug("filesystem: {}: {}", mountPoint, e.getCause());
      return null;
    }
  }

  /** /proc/mounts writes space, tab, newline and backslash as octal escapes (\040 …). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
