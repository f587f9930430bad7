package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inventory get|low-stock}: the inventory service's stock levels. */
@Command(
        name = "inventory",
        mixinStandardHelpOptions = true,
        description = "Inventory service: a product's stock, products low on stock.",
        subcommands = {InventoryCommand.Get.class, InventoryCommand.LowStock.class})
public final class InventoryCommand implements Runnable {

    @Mixin
    InventoryOptions service;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format {
        table,
        json
    }

    /** {@code inventory get ID}: one product with its stock. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a product's stock.")
    static final class Get extends CliCommand {
        @Mixin
        InventoryOptions service;

        @Parameters(index = "0", paramLabel = "ID", description = "The product id (an integer).")
        String id;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            long productId;
            try {
                productId = Long.parseLong(id.strip());
            } catch (NumberFormatException e) {
                throw new CliException("ID must be an integer, got '" + id + "'");
            }
            try (InventoryClient client = service.client()) {
                JsonNode p = client.product(productId);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(p));
                    return 0;
                }
                out.println("Product " + Json.text(p, "product_id") + ": " + Json.text(p, "name"));
                out.println("Description: " + Json.text(p, "description"));
                out.println("Price: " + Json.text(p, "price"));
                out.println("Stock: " + Json.text(p, "stock_quantity")
                        + (p.path("oversold").asBoolean() ? " (oversold)" : ""));
                out.println("Last Updated: " + Json.text(p, "last_updated"));
                out.println("CDC Timestamp: " + Json.text(p, "cdc_timestamp"));
                return 0;
            }
        }
    }

    /** {@code inventory low-stock [--threshold N]}: products below the threshold, lowest stock first. */
    @Command(
            name = "low-stock",
            mixinStandardHelpOptions = true,
            description = "List the products whose stock is below the threshold, lowest first.")
    static final class LowStock extends CliCommand {
        @Mixin
        InventoryOptions service;

        @Option(
                names = {"-t", "--threshold"},
                paramLabel = "N",
                description = "Below this stock (default: the service's LOW_STOCK_THRESHOLD, 10).")
        Long threshold;

        @Option(
                names = {"-l", "--limit"},
                defaultValue = "100",
                description = "How many products, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            if (limit < 1 || limit > 1000) {
                throw new CliException("--limit must be between 1 and 1000, got " + limit);
            }
            try (InventoryClient client = service.client()) {
                JsonNode body = client.lowStock(threshold, limit);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(body));
                    return 0;
                }
                JsonNode items = body.path("items");
                if (items.isEmpty()) {
                    out.println("No products below " + Json.text(body, "threshold"));
                    return 0;
                }
                out.printf("%-10s %-8s %-10s %s%n", "ID", "STOCK", "PRICE", "NAME");
                for (JsonNode p : items) {
                    out.printf(
                            "%-10s %-8s %-10s %s%n",
                            Json.text(p, "product_id"),
                            Json.text(p, "stock_quantity"),
                            Json.text(p, "price"),
                            Json.text(p, "name"));
                }
                return 0;
            }
        }
    }
}
