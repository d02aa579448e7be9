package dev.vigil.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentMetricsTest {
  @ParameterizedTest
  @CsvSource({
      "SELECT 1, SELECT",
      "'  insert into t values (1)', INSERT",
      "'(select 1)', SELECT",
      "'with x as (select 1) select * from x', WITH",
      "'', ''",
  })
  void operationIsTheFirstKeyword(String sql, String op) {
    assertThat(AgentMetrics.operation(sql)).isEqualTo(op);
  }
}
