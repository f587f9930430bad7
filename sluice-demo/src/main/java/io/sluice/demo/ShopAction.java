package io.sluice.demo;

/** What one step of {@link ShopTraffic} did to {@code shop}, with its share of the steps. */
public enum ShopAction {
    /** A new product, with a price and some stock. */
    NEW_PRODUCT("new products", 10),
    /** An order created with total_amount 0, its items, then the total updated (as the original's test script does). */
    NEW_ORDER("new orders", 35),
    /** An order moves on: pending, processing, shipped, delivered. */
    ORDER_STATUS("status changes", 15),
    /** A product's price changes. */
    PRICE_UPDATE("price updates", 10),
    /** A product is restocked. */
    STOCK_UPDATE("stock updates", 10),
    /** A pending order is cancelled. */
    CANCEL_ORDER("cancelled orders", 8),
    /** An item is removed from a pending order, and the order's total updated. */
    DELETE_ITEM("deleted items", 7),
    /** A product that was never ordered is deleted. */
    DELETE_PRODUCT("deleted products", 5);

    private final String label;
    private final int weight;

    ShopAction(String label, int weight) {
        this.label = label;
        this.weight = weight;
    }

    /** How the summary names it ({@code new orders}). */
    public String label() {
        return label;
    }

    /** Its share of the steps, in percent. */
    public int weight() {
        return weight;
    }

    /** The action for a number drawn in [0, 100). */
    static ShopAction forDraw(int draw) {
        int upTo = 0;
        for (ShopAction a : values()) {
            upTo += a.weight;
            if (draw < upTo) {
                return a;
            }
        }
        return NEW_ORDER;
    }
}
