package dev.vigil.agent.apps;

import dev.vigil.client.core.Counter;
import dev.vigil.client.jvm.JvmMetrics;

/**
 * An application that uses client-sdk itself: a counter in the default registry (incremented
 * 5 times), and JVM metrics of its own, which the agent also has and must not serve twice.
 */
public final class OwnMetricsApp {
  private OwnMetricsApp() {}

  public static void main(String[] args) throws Exception {
    Counter orders = Counter.builder().name("app_orders_total").help("Orders taken.").register();
    for (int i = 0; i < 5; i++) {
      orders.inc();
    }
    JvmMetrics.builder().register();
    AppMain.ready(0, null);
  }
}
