package dev.vigil.agent.bootstrap;

/**
 * What the inlined advice reports to. The advice runs inside library classes of any class loader
 * (including the JDK's own), so this interface lives on the bootstrap class path and takes only
 * JDK types; the agent's implementation behind it sees the metric types.
 *
 * <p>Implementations must be thread-safe and cheap: they run on the application's request
 * threads. They may throw; the advice's exception handler swallows it (see
 * {@link Bridge#adviceFailed}).
 */
public interface Recorder {
  /** An inbound request finished. {@code route} is a template when {@code templated}. */
  void server(String method, int status, String route, boolean templated, long startNanos);

  /** An outbound request finished; {@code status} 0 when no response came. */
  void client(String method, int status, String host, long startNanos);

  /** An outbound request of {@code java.net.http.HttpClient}, finishing with {@code future}. */
  void clientFuture(Object future, String method, String host, long startNanos);

  /**
   * A JDBC execute call on {@code statement} finished; {@code sql} is null for prepared
   * statements, whose text was seen by {@link #prepared}.
   */
  void db(Object statement, String sql, long startNanos);

  /** A prepared statement was created for {@code sql}. */
  void prepared(Object statement, String sql);

  /** A HikariCP pool ({@code com.zaxxer.hikari.pool.HikariPool}) was created. */
  void hikariPool(Object pool);

  /** Records nothing: the state before the agent has started and after it failed to. */
  Recorder NOOP = new Recorder() {
    @Override
    public void server(String method, int status, String route, boolean templated, long start) {}

    @Override
    public void client(String method, int status, String host, long startNanos) {}

    @Override
    public void clientFuture(Object future, String method, String host, long startNanos) {}

    @Override
    public void db(Object statement, String sql, long startNanos) {}

    @Override
    public void prepared(Object statement, String sql) {}

    @Override
    public void hikariPool(Object pool) {}
  };
}
