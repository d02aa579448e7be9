package dev.vigil.server.promql.parser;

/**
 * The experimental fill modifiers of a binary expression: the value to use for a missing left
 * or right sample, null when that side is not filled. {@code both} records that the query wrote
 * {@code fill(v)}, so it prints back the same way.
 */
public record Fill(Double left, Double right, boolean both) {}
