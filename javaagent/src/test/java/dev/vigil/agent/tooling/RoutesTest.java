package dev.vigil.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoutesTest {
  @ParameterizedTest
  @CsvSource({
      "/, /",
      "'', /",
      "/hello, /hello",
      "/users/123, /users/{id}",
      "/users/123/orders/9?x=1, /users/{id}/orders/{id}",
      "/o/3f2a9c1e-8d7b-4c3a-9e2f-0a1b2c3d4e5f, /o/{id}",
      "/blob/deadbeef42, /blob/{id}",
      "/api/v2/md5, /api/v2/md5",
      "/s/aZ3kQ9xP0mL2nB7vC4, /s/{id}",
      "/a/, /a/",
      "/1/2/3/4/5/6/7/8/9/10, /{id}/{id}/{id}/{id}/{id}/{id}/{id}/{id}/...",
      "/a/b/c/d/e/f/g/h/i, /a/b/c/d/e/f/g/h/...",
      "/a/b/c/d/e/f/g/h, /a/b/c/d/e/f/g/h",
      "a/b, /a/b",
      "/a//b, /a//b",
      "/x?y, /x",
  })
  void collapsesIdLikeSegments(String path, String route) {
    assertThat(Routes.collapse(path)).isEqualTo(route);
  }

  @Test
  void aPathWithNothingToCollapseIsReturnedAsItIs() {
    String path = new String("/api/v2/orders");
    assertThat(Routes.collapse(path)).isSameAs(path);
  }

  @Test
  void limitMapsNewValuesBeyondTheCapToOther() {
    Routes.Limit limit = new Routes.Limit(2);
    assertThat(limit.apply("/a")).isEqualTo("/a");
    assertThat(limit.apply("/b")).isEqualTo("/b");
    assertThat(limit.apply("/c")).isEqualTo("other");
    assertThat(limit.apply("/a")).isEqualTo("/a");
  }
}
