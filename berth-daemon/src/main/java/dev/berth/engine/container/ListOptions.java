package dev.berth.engine.container;

import dev.berth.model.Filters;

/** {@code GET /containers/json}: {@code all}, {@code limit} (≤ 0 for none), {@code size}, {@code filters}. */
public record ListOptions(boolean all, int limit, boolean size, Filters filters) {}
