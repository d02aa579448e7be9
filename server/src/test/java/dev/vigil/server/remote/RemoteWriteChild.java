package dev.vigil.server.remote;

import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Vigil server in its own JVM for the crash test: remote-writes per its config and appends a
 * sample to each of three series every 2 ms until killed, or until the file {@code args[2]}
 * appears, when it stops cleanly; while the file {@code args[2] + ".pause"} exists it appends
 * nothing. Prints "started" once it runs.
 */
public final class RemoteWriteChild {
  private RemoteWriteChild() {}

  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Path stopFile = Path.of(args[2]);
    Path pauseFile = Path.of(args[2] + ".pause");
    VigilServer vigil = new VigilServer(config, data, new InetSocketAddress("127.0.0.1", 0),
        false);
    vigil.start();
    Labels[] series = {
      Labels.of("__name__", "crash_test_total", "s", "0"),
      Labels.of("__name__", "crash_test_total", "s", "1"),
      Labels.of("__name__", "crash_test_total", "s", "2"),
    };
    System.out.println("started");
    System.out.flush();
    long last = 0;
    long i = 0;
    while (!Files.exists(stopFile)) {
      if (Files.exists(pauseFile)) {
        Thread.sleep(2);
        continue;
      }
      long t = Math.max(last + 1, System.currentTimeMillis());
      Appender app = vigil.storage().appender();
      for (Labels l : series) {
        app.append(0, l, t, i);
      }
      app.commit();
      last = t;
      i++;
      Thread.sleep(2);
    }
    vigil.close();
    System.out.println("stopped");
  }
}
