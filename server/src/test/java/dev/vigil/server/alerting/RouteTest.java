package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.alerting.config.TestIntegrationFactory;
import dev.vigil.server.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing tree: which receivers alerts reach, inherited options, keys and IDs. */
class RouteTest {
  static final Path VALID = Path.of("src/test/resources/alerting/config/valid");

  /**
   * Alert labels (as amtool takes them), then the receivers in order, for each example file.
   * AmtoolConfigInteropTest runs the same table through {@code amtool config routes test}.
   */
  static final Map<String, String[][]> ROUTING = Map.of(
      "routing-example.yml", new String[][] {
        {"service=mysql", "database-pager"},
        {"service=cassandra team=frontend", "database-pager"},
        {"service=mysql-replica team=frontend", "frontend-pager"},
        {"team=frontend product=shop", "frontend-pager"},
        {"service=inhouse-service", "dev-pager,on-call-pager"},
        {"service=inhouse-service team=frontend", "frontend-pager"},
        {"alertname=Down cluster=a", "default-receiver"},
        {"team=backend", "default-receiver"},
      },
      "deep-tree.yml", new String[][] {
        {"env=prod severity=critical", "prod-page,all-envs"},
        {"env=prod severity=page alertname=Heartbeat", "prod-page"},
        {"env=prod team=db severity=warning", "prod-db,all-envs"},
        {"env=prod team=storage severity=info", "prod,all-envs"},
        {"env=prod", "prod,all-envs"},
        {"env=prod alertname=Watchdog", "prod,watchdog"},
        {"env=staging alertname=Watchdog", "watchdog"},
        {"env=staging", "all-envs,catch-staging"},
        {"env=dev", "root"},
        {"alertname=Watchdog", "watchdog"},
      });

  static AmConfig load(String file) throws Exception {
    return AmConfigLoader.load(VALID.resolve(file), new TestIntegrationFactory());
  }

  static Labels labels(String spaced) {
    Labels.Builder b = new Labels.Builder();
    for (String kv : spaced.split(" ")) {
      int eq = kv.indexOf('=');
      b.set(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return b.build();
  }

  static String receivers(Route root, Labels l) {
    return String.join(",", root.match(l).stream().map(Route::receiver).toList());
  }

  @Test
  void routingTables() throws Exception {
    for (Map.Entry<String, String[][]> e : ROUTING.entrySet()) {
      Route root = load(e.getKey()).route();
      for (String[] c : e.getValue()) {
        assertThat(receivers(root, labels(c[0]))).as(e.getKey() + " " + c[0]).isEqualTo(c[1]);
      }
    }
  }

  @Test
  void optionsAreInheritedUnlessSet() throws Exception {
    Route root = load("routing-example.yml").route();
    Route db = root.children().get(0);
    Route frontend = root.children().get(1);
    Route dev = root.children().get(2);
    assertThat(root.groupBy()).containsExactly("cluster", "alertname");
    assertThat(db.groupBy()).containsExactly("cluster", "alertname");
    assertThat(db.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(db.groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(frontend.groupBy()).containsExactly("product", "environment");
    assertThat(frontend.groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(dev.continueMatching()).isTrue();
    assertThat(dev.muteTimeIntervals()).containsExactly("offhours", "holidays");
    assertThat(root.children().get(3).activeTimeIntervals()).containsExactly("offhours",
        "holidays");
    assertThat(root.muteTimeIntervals()).isEmpty();

    Route deep = load("deep-tree.yml").route();
    Route prod = deep.children().get(0);
    assertThat(deep.groupByAll()).isTrue();
    assertThat(prod.groupByAll()).isTrue();
    assertThat(prod.groupInterval()).isEqualTo(Duration.ofMinutes(1));
    Route page = prod.children().get(0);
    assertThat(page.groupByAll()).isTrue();
    assertThat(page.groupInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(page.repeatInterval()).isEqualTo(Duration.ofHours(1));
    Route prodDb = prod.children().get(1);
    assertThat(prodDb.groupByAll()).isFalse();
    assertThat(prodDb.groupBy()).containsExactly("alertname");
    // An explicit 0s group_wait is kept, not replaced by the default.
    assertThat(deep.children().get(2).groupWait()).isZero();
  }

  @Test
  void groupByOverridesAndInheritance() throws Exception {
    String yaml = """
        route:
          receiver: x
          group_by: [a]
          routes:
          - matchers: [k="1"]
            group_by: []
          - matchers: [k="2"]
            group_by: ['...']
            routes:
            - matchers: [j="1"]
            - matchers: [j="2"]
              group_by: [b, c]
        receivers: [{name: x}]
        """;
    Route root = AmConfigLoader.parse(yaml, "g.yml", null, new TestIntegrationFactory()).route();
    Route emptyList = root.children().get(0);
    Route all = root.children().get(1);
    assertThat(emptyList.groupBy()).containsExactly("a");
    assertThat(emptyList.groupByAll()).isFalse();
    assertThat(all.groupByAll()).isTrue();
    assertThat(all.children().get(0).groupByAll()).isTrue();
    assertThat(all.children().get(1).groupByAll()).isFalse();
    assertThat(all.children().get(1).groupBy()).containsExactly("b", "c");
  }

  @Test
  void keysAndIds() throws Exception {
    Route root = load("routing-example.yml").route();
    assertThat(root.key()).isEqualTo("{}");
    assertThat(root.children().get(0).key()).isEqualTo("{}/{service=~\"mysql|cassandra\"}");
    assertThat(root.children().get(0).id()).isEqualTo("{}/{service=~\"mysql|cassandra\"}/0");
    // Siblings with equal matchers share a key but not an ID.
    assertThat(root.children().get(2).key()).isEqualTo(root.children().get(3).key());
    assertThat(root.children().get(2).id()).isEqualTo("{}/{service=\"inhouse-service\"}/2");
    assertThat(root.children().get(3).id()).isEqualTo("{}/{service=\"inhouse-service\"}/3");

    Route deep = load("deep-tree.yml").route();
    Route db = deep.children().get(0).children().get(1);
    // Matchers are sorted by name; legacy match maps become equality matchers.
    assertThat(db.key()).isEqualTo("{}/{env=\"prod\"}/{severity!=\"info\",team=~\"db|storage\"}");
    assertThat(db.id()).isEqualTo("{}/{env=\"prod\"}/0/{severity!=\"info\",team=~\"db|storage\"}/1");
    assertThat(db.parent().parent()).isSameAs(deep);
  }

  @Test
  void aNonMatchingRootMatchesNothingAndWalkVisitsAll() throws Exception {
    Route r = Route.tree(new Route.Spec("x", null, false, Matchers.parse("a=b"), null, null,
        null, List.of(), List.of(), List.of()));
    assertThat(r.match(Labels.of("a", "c"))).isEmpty();
    assertThat(r.match(Labels.of("a", "b"))).containsExactly(r);
    List<String> seen = new java.util.ArrayList<>();
    load("deep-tree.yml").route().walk(n -> seen.add(n.receiver()));
    assertThat(seen).containsExactly("root", "prod", "prod-page", "prod-db", "all-envs",
        "watchdog", "catch-staging");
  }
}
