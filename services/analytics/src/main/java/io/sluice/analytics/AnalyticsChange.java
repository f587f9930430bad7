package io.sluice.analytics;

/** One decoded change of a table the analytics reads: an order's or an order item's. */
public sealed interface AnalyticsChange {

    /** The row's primary key. */
    long id();

    /** A change of {@code orders}. */
    record OrderChange(long id, Versioned<OrderRow> version) implements AnalyticsChange {}

    /** A change of {@code order_items}. */
    record ItemChange(long id, Versioned<ItemRow> version) implements AnalyticsChange {}
}
