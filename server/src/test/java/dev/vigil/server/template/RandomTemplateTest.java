package dev.vigil.server.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random template text: parsing and executing either succeed or throw TemplateException. */
class RandomTemplateTest {
  private static final String[] FRAGMENTS = {
    "{{", "}}", "{{-", "-}}", " ", "\n", "x", ".", ".a", ".b.c", "$", "$x", ":=", "=", "|", "(", ")",
    "\"s\"", "`r`", "'c'", "1", "-2", "1.5", "1e3", "0x1f", "true", "nil", ",", "if", "else",
    "end", "range", "with", "define", "template", "block", "break", "continue", "\"t\"",
    "len", "index", "slice", "printf", "\"%d %s %v %5.2f %q %x\"", "eq", "lt", "and", "or",
    "not", "print", "html", "js", "urlquery", "call", "humanize", "humanizeDuration", "title",
    "reReplaceAll", "\"(a\"", "match", "first", "query", "/*", "*/", "{{/* c */}}", "}", "{",
    "#", "é", "\\", "\"\\x\"", "{{define \"t\"}}", "{{template \"t\" .}}", "{{end}}",
    "{{range .l}}", "{{else}}", "{{if .a}}", "{{$x := .a}}", "{{.m.k}}", "{{ tmpl \"t\" . }}"
  };

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Property(tries = 3000)
  void onlyTemplateExceptions(@ForAll("templates") String text) {
    FuncMap funcs = new PrometheusTemplates((e, t) -> List.of(), "http://x", null).funcs(0);
    Map<String, Object> data = Map.of("a", 1L, "l", List.of(1L, "two", 3.0),
        "m", Map.of("k", "v"), "lab", Labels.of("a", "b"));
    try {
      GoTemplate t = GoTemplate.parse("p", text, funcs);
      String out = t.execute(data);
      assertThat(out.length()).isLessThanOrEqualTo(Exec.MAX_OUTPUT);
      t.missingKeyZero(true).execute(null);
    } catch (TemplateException e) {
      assertThat(e.getMessage()).startsWith("template: ");
    }
  }
}
