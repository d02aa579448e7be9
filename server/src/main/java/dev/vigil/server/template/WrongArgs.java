package dev.vigil.server.template;

import java.util.List;

/**
 * A function got the wrong number of arguments. Reported as Go reports a signature mismatch
 * ({@code wrong number of args for f: want 1 got 2}), without the {@code error calling} prefix.
 */
final class WrongArgs extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WrongArgs(String msg) {
    super(msg, null, false, false);
  }

  /** Checks an exact count. */
  static void want(String name, List<Object> args, int n) {
    if (args.size() != n) {
      throw new WrongArgs("wrong number of args for " + name + ": want " + n + " got "
          + args.size());
    }
  }

  /** Checks a minimum count for variadic functions. */
  static void atLeast(String name, List<Object> args, int n) {
    if (args.size() < n) {
      throw new WrongArgs("wrong number of args for " + name + ": want at least " + n + " got "
          + args.size());
    }
  }
}
