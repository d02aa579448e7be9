package dev.vigil.examples.plain;

/** {@code [--port N] [--no-load]}, the flags both shop apps take. */
public final class Args {
  public final int port;
  public final boolean load;

  private Args(int port, boolean load) {
    this.port = port;
    this.load = load;
  }

  public static Args parse(String[] args, int defaultPort, String name) {
    int port = defaultPort;
    boolean load = true;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--no-load")) {
        load = false;
      } else {
        System.err.println("usage: " + name + " [--port " + defaultPort + "] [--no-load]");
        System.exit(2);
      }
    }
    return new Args(port, load);
  }
}
