package dev.vigil.agent.apps;

/** Does nothing but wait; on {@code check} says who initialised java.util.logging, if anyone. */
public final class IdleApp {
  private IdleApp() {}

  public static void main(String[] args) throws Exception {
    AppMain.ready(0, () -> System.out.println("logmanager="
        + System.getProperty(TrapLogManager.PROPERTY)));
  }
}
