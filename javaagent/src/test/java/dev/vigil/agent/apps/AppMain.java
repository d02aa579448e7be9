package dev.vigil.agent.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What every test application does after starting: print {@code READY <port>} on stdout, then
 * answer commands from stdin ({@code check} prints the state the test asks about) until stdin
 * closes.
 */
final class AppMain {
  private AppMain() {}

  static void ready(int port, Runnable onCheck) throws Exception {
    System.out.println("READY " + port);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("check") && onCheck != null) {
        onCheck.run();
        System.out.flush();
      }
    }
    System.exit(0);
  }
}
