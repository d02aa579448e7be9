package dev.vigil.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private final List<String> warnings = new ArrayList<>();

  @Test
  void defaults() {
    AgentConfig c = AgentConfig.load(null, Map.of(), Map.of(), warnings::add);
    assertThat(c.port).isEqualTo(9464);
    assertThat(c.host).isNull();
    assertThat(c.routesMax).isEqualTo(100);
    assertThat(c.enabled("jdbc")).isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void argumentsOverridePropertiesOverrideEnvironment() {
    AgentConfig c = AgentConfig.load("port=1234",
        Map.of("VIGIL_AGENT_PORT", "1", "VIGIL_AGENT_HOST", "10.0.0.1",
            "VIGIL_AGENT_INSTRUMENTATION_JDBC_ENABLED", "false"),
        Map.of("vigil.agent.port", "2", "vigil.agent.host", "127.0.0.1"), warnings::add);
    assertThat(c.port).isEqualTo(1234);
    assertThat(c.host).isEqualTo("127.0.0.1");
    assertThat(c.enabled("jdbc")).isFalse();
    assertThat(c.enabled("okhttp")).isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void problemsAreOneLineEachAndFallBackToDefaults() {
    AgentConfig c = AgentConfig.load("port=99999,nonsense,instrumentation.foo.enabled=false",
        Map.of("VIGIL_AGENT_PROT", "1"), Map.of("vigil.agent.test.fail", "x"), warnings::add);
    assertThat(c.port).isEqualTo(9464);
    assertThat(warnings).hasSize(4);
    assertThat(warnings.get(0)).contains("environment variable VIGIL_AGENT_PROT");
    assertThat(warnings).anyMatch(w -> w.contains("'nonsense'"))
        .anyMatch(w -> w.contains("agent argument instrumentation.foo.enabled"))
        .anyMatch(w -> w.contains("port=99999"));
  }
}
