/**
 * Recording and alerting rules: rule files, groups evaluated on their own schedules, the alert
 * state machine with {@code for}/{@code keep_firing_for} and its restore after restarts, and the
 * {@code check rules} / {@code test rules} tools.
 *
 * <p>Seams: rules query through {@link dev.vigil.server.rules.QueryFunction} (production:
 * {@code QueryFunction.of(engine)}), write through {@code storage.Appendable}, read the
 * {@code for} state back through {@code storage.Queryable}, and hand alerts to
 * {@code model.AlertSink}. Templates come through {@link dev.vigil.server.rules.TemplateExpander}
 * ({@link dev.vigil.server.rules.TemplateFactory#PROMETHEUS} in production).
 *
 * <p>Server wiring, in order:
 *
 * <pre>{@code
 * RuleOptions opts = ruleFlags.options(externalUrl);          // @Mixin RuleFlags in Main
 * QueryFunction q = (e, t) -> QueryFunction.of(engine).query(e, t);
 * RuleManager rules = new RuleManager(opts, q, tsdb, tsdb, alertSink,
 *     TemplateFactory.PROMETHEUS.create(q, opts.externalUrl()), registry, Clock.systemUTC());
 * rules.applyConfig(config);   // on start and on every reload; throws ConfigException
 * rules.start();               // once, after the first applyConfig
 * routes: /api/v1/rules and /api/v1/alerts -> new RulesApi(rules, selectorParser)
 * rules.stop();                // on shutdown, before the storage closes
 * }</pre>
 *
 * <p>Commands: {@code rules.cli.CheckRulesCommand} under {@code check}, and
 * {@code rules.cli.TestRulesCommand} under {@code test}.
 */
package dev.vigil.server.rules;
