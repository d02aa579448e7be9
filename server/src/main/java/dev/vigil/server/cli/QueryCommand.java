package dev.vigil.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.api.ApiParams;
import dev.vigil.server.config.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code query instant|range|series|labels SERVER ...}: runs a query against a
 * Prometheus-compatible server and prints the answer, with promtool's flags, defaults, messages
 * and exit codes (0 success, 1 failure).
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Run query against a Prometheus server.",
    subcommands = {QueryCommand.Instant.class, QueryCommand.Range.class,
        QueryCommand.Series.class, QueryCommand.Labels.class})
public final class QueryCommand {
  static final int SUCCESS = 0;
  static final int FAILURE = 1;

  @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", defaultValue = "promql",
      scope = ScopeType.INHERIT,
      description = "Output format of the query: promql or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--header", paramLabel = "NAME=VALUE", scope = ScopeType.INHERIT,
      description = "Extra headers to send to server; may be repeated.")
  Map<String, String> headers = new LinkedHashMap<>();

  /** What every subcommand shares: the server, the output and the clock. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand QueryCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER", description = "Prometheus server to query.")
    String server;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public Integer call() {
      if (!parent.format.equals("promql") && !parent.format.equals("json")) {
        err().println("invalid output format \"" + parent.format + "\": use promql or json");
        return FAILURE;
      }
      QueryClient client;
      try {
        client = new QueryClient(server, parent.headers);
      } catch (IllegalArgumentException e) {
        err().println("error creating API client: " + e.getMessage());
        return FAILURE;
      }
      try {
        return run(client);
      } catch (QueryClient.QueryError | IOException e) {
        err().println("query error: " + e.getMessage());
        return FAILURE;
      } finally {
        out().flush();
        err().flush();
      }
    }

    abstract int run(QueryClient client) throws IOException, QueryClient.QueryError;

    boolean json() {
      return parent.format.equals("json");
    }

    void printJson(JsonNode n) throws IOException {
      out().println(QueryClient.JSON.writeValueAsString(n));
    }

    /** A time flag in ms; prints promtool's message and returns null when it does not parse. */
    Long time(String value, String what) {
      try {
        return ApiParams.parseTime(value);
      } catch (IllegalArgumentException e) {
        err().println("error parsing " + what + ": " + e.getMessage());
        return null;
      }
    }

    static String seconds(long ms) {
      return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }
  }

  @Command(name = "instant", mixinStandardHelpOptions = true, description = "Run instant query.")
  static final class Instant extends Sub {
    @Parameters(index = "1", paramLabel = "EXPR", description = "PromQL query expression.")
    String expr;

    @Option(names = "--time", paramLabel = "TIME",
        description = "Query evaluation time (RFC3339 or Unix timestamp).")
    String time;

    @Override
    int run(QueryClient client) throws IOException, QueryClient.QueryError {
      long t = System.currentTimeMillis();
      if (time != null) {
        Long parsed = time(time, "evaluation time");
        if (parsed == null) {
          return FAILURE;
        }
        t = parsed;
      }
      QueryClient.Answer a = client.post("api/v1/query",
          List.of(new String[] {"query", expr}, new String[] {"time", seconds(t)}));
      return print(this, a);
    }
  }

  @Command(name = "range", mixinStandardHelpOptions = true, description = "Run range query.")
  static final class Range extends Sub {
    @Parameters(index = "1", paramLabel = "EXPR", description = "PromQL query expression.")
    String expr;

    @Option(names = "--start", paramLabel = "TIME",
        description = "Query range start time (RFC3339 or Unix timestamp); default 5m before end.")
    String start;

    @Option(names = "--end", paramLabel = "TIME",
        description = "Query range end time (RFC3339 or Unix timestamp); default now.")
    String end;

    @Option(names = "--step", paramLabel = "DURATION",
        description = "Query step size (duration); default the range / 250, at least 1s.")
    String step;

    @Override
    int run(QueryClient client) throws IOException, QueryClient.QueryError {
      long e = System.currentTimeMillis();
      if (end != null) {
        Long parsed = time(end, "end time");
        if (parsed == null) {
          return FAILURE;
        }
        e = parsed;
      }
      long s = e - 5 * 60_000L;
      if (start != null) {
        Long parsed = time(start, "start time");
        if (parsed == null) {
          return FAILURE;
        }
        s = parsed;
      }
      if (s >= e) {
        err().println("start time is not before end time");
        return FAILURE;
      }
      long stepMs;
      if (step != null) {
        try {
          stepMs = Durations.parse(step).toMillis();
        } catch (IllegalArgumentException ex) {
          err().println("error parsing step: " + ex.getMessage());
          return FAILURE;
        }
      } else {
        // promtool's default: about 250 points, whole seconds, at least one.
        stepMs = Math.max((e - s) / 1000 / 250, 1) * 1000;
      }
      QueryClient.Answer a = client.post("api/v1/query_range", List.of(
          new String[] {"query", expr}, new String[] {"start", seconds(s)},
          new String[] {"end", seconds(e)}, new String[] {"step", seconds(stepMs)}));
      return print(this, a);
    }
  }

  /** Prints a query answer in the chosen format. */
  private static int print(Sub sub, QueryClient.Answer a) throws IOException {
    if (sub.json()) {
      sub.printJson(a.data().path("result"));
    } else {
      String text = PromqlText.value(a.data());
      if (!text.isEmpty()) {
        sub.out().println(text);
      }
    }
    return SUCCESS;
  }

  /** Start and end as promtool's series and labels take them: 9999h around now by default. */
  abstract static class Ranged extends Sub {
    @Option(names = "--start", paramLabel = "TIME",
        description = "Start time (RFC3339 or Unix timestamp).")
    String start;

    @Option(names = "--end", paramLabel = "TIME",
        description = "End time (RFC3339 or Unix timestamp).")
    String end;

    @Option(names = "--match", paramLabel = "SELECTOR",
        description = "Series selector. Can be specified multiple times.")
    List<String> matches = new ArrayList<>();

    /** start, end and match[] parameters, or null after printing why they are wrong. */
    List<String[]> params() {
      long now = System.currentTimeMillis();
      long s = now - 9999 * 3_600_000L;
      long e = now + 9999 * 3_600_000L;
      if (start != null) {
        Long parsed = time(start, "start time");
        if (parsed == null) {
          return null;
        }
        s = parsed;
      }
      if (end != null) {
        Long parsed = time(end, "end time");
        if (parsed == null) {
          return null;
        }
        e = parsed;
      }
      List<String[]> p = new ArrayList<>();
      for (String m : matches) {
        p.add(new String[] {"match[]", m});
      }
      p.add(new String[] {"start", seconds(s)});
      p.add(new String[] {"end", seconds(e)});
      return p;
    }
  }

  @Command(name = "series", mixinStandardHelpOptions = true, description = "Run series query.")
  static final class Series extends Ranged {
    @Override
    int run(QueryClient client) throws IOException, QueryClient.QueryError {
      List<String[]> p = params();
      if (p == null) {
        return FAILURE;
      }
      QueryClient.Answer a = client.post("api/v1/series", p);
      for (String w : a.warnings()) {
        err().println("query warning: " + w);
      }
      JsonNode data = a.data();
      if (json()) {
        printJson(data);
      } else {
        for (JsonNode labels : data) {
          out().println(PromqlText.labelSet(labels));
        }
      }
      return SUCCESS;
    }
  }

  @Command(name = "labels", mixinStandardHelpOptions = true,
      description = "Run labels query: the values of one label name.")
  static final class Labels extends Ranged {
    @Parameters(index = "1", paramLabel = "NAME",
        description = "Label name to provide label values for.")
    String name;

    @Override
    int run(QueryClient client) throws IOException, QueryClient.QueryError {
      List<String[]> p = params();
      if (p == null) {
        return FAILURE;
      }
      QueryClient.Answer a = client.get("api/v1/label/" + QueryClient.segment(name) + "/values",
          p);
      for (String w : a.warnings()) {
        err().println("query warning: " + w);
      }
      if (json()) {
        printJson(a.data());
      } else {
        for (JsonNode v : a.data()) {
          out().println(v.asText());
        }
      }
      return SUCCESS;
    }
  }
}
