package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code products search|get}: the search indexer's product search and its indexed items. */
@Command(
        name = "products",
        mixinStandardHelpOptions = true,
        description = "Search indexer: search products, show an indexed product.",
        subcommands = {ProductsCommand.Search.class, ProductsCommand.Get.class})
public final class ProductsCommand implements Runnable {

    @Mixin
    ProductsOptions service;

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

    /** {@code products search WORDS... [--min-price P] [--max-price P] [--in-stock] [--limit N] [--cursor C]}. */
    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Search products: those matching every word first; the last word also matches as a prefix.")
    static final class Search extends CliCommand {
        @Mixin
        ProductsOptions service;

        @Parameters(arity = "1..*", paramLabel = "WORDS", description = "What to search for (\"wireless mouse\").")
        List<String> words;

        @Option(names = "--min-price", paramLabel = "PRICE", description = "Only products at or above (19.99).")
        String minPrice;

        @Option(names = "--max-price", paramLabel = "PRICE", description = "Only products at or below (50).")
        String maxPrice;

        @Option(names = "--in-stock", description = "Only products with stock above zero.")
        boolean inStock;

        @Option(
                names = {"-l", "--limit"},
                paramLabel = "N",
                description = "Results per page, 1 to 100 (default: the service's, 20).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "The next page: a previous page's cursor.")
        String cursor;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            if (limit != null && (limit < 1 || limit > 100)) {
                throw new CliException("--limit must be between 1 and 100, got " + limit);
            }
            String q = String.join(" ", words);
            try (ProductsClient client = service.client()) {
                JsonNode body = client.search(q, minPrice, maxPrice, inStock, limit, cursor);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(body));
                    return 0;
                }
                JsonNode results = body.path("results");
                if (results.isEmpty()) {
                    out.println("No products match '" + q + "'");
                    return 0;
                }
                out.printf("%-10s %-12s %-8s %-6s %s%n", "ID", "PRICE", "STOCK", "SCORE", "NAME");
                for (JsonNode p : results) {
                    out.printf(
                            "%-10s %-12s %-8s %-6s %s%n",
                            Json.text(p, "product_id"),
                            Json.text(p, "price_display"),
                            Json.text(p, "stock_quantity"),
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%.2f",
                                    p.path("score").asDouble()),
                            Json.text(p, "name"));
                }
                if (!body.path("next_cursor").isNull()
                        && !body.path("next_cursor").isMissingNode()) {
                    out.println("More: --cursor " + Json.text(body, "next_cursor"));
                }
                return 0;
            }
        }
    }

    /** {@code products get ID}: one indexed product. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show an indexed product.")
    static final class Get extends CliCommand {
        @Mixin
        ProductsOptions service;

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
            try (ProductsClient client = service.client()) {
                JsonNode p = client.product(productId);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(p));
                    return 0;
                }
                List<String> tokens = new ArrayList<>();
                p.path("search_tokens").forEach(t -> tokens.add(t.asText()));
                out.println("Product " + Json.text(p, "product_id") + ": " + Json.text(p, "name"));
                out.println("Description: " + Json.text(p, "description"));
                out.println("Price: " + Json.text(p, "price_display") + " (" + Json.text(p, "price_cents") + " cents)");
                out.println("Stock: " + Json.text(p, "stock_quantity"));
                out.println("Search Tokens: " + String.join(", ", tokens));
                out.println("Indexed At: " + Json.text(p, "indexed_at"));
                out.println("CDC Timestamp: " + Json.text(p, "cdc_timestamp"));
                return 0;
            }
        }
    }
}
