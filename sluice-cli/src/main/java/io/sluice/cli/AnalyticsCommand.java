package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code analytics summary|flush|reports}: the analytics service's figures and its reports on S3. */
@Command(
        name = "analytics",
        mixinStandardHelpOptions = true,
        description = "Analytics service: the live summary, write the reports now, list stored reports.",
        subcommands = {AnalyticsCommand.Summary.class, AnalyticsCommand.Flush.class, AnalyticsCommand.Reports.class})
public final class AnalyticsCommand implements Runnable {

    @Mixin
    AnalyticsOptions service;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format {
        pretty,
        json
    }

    /** {@code analytics summary}: the summary report's figures, now. */
    @Command(name = "summary", mixinStandardHelpOptions = true, description = "Show the live sales summary.")
    static final class Summary extends CliCommand {
        @Mixin
        AnalyticsOptions service;

        @Option(
                names = "--format",
                defaultValue = "pretty",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            try (JsonHttpClient client = service.client()) {
                JsonNode body = client.expectSuccess("GET", "/analytics/summary", null);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(body));
                    return 0;
                }
                JsonNode m = body.path("metrics");
                out.println("Sales Summary");
                out.println("=".repeat(40));
                out.println("Total Orders: " + Json.text(m, "total_orders"));
                out.println("Total Revenue: " + Json.text(m, "total_revenue"));
                out.println("Unique Customers: " + Json.text(m, "unique_customers"));
                out.println("Unique Products Sold: " + Json.text(m, "unique_products_sold"));
                out.println("Orders by Status:");
                for (Map.Entry<String, JsonNode> e :
                        m.path("order_status_breakdown").properties()) {
                    out.println("  " + e.getKey() + ": " + e.getValue().asText());
                }
                return 0;
            }
        }
    }

    /** {@code analytics flush}: writes every report now and prints their keys. */
    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Write every report to S3 now.")
    static final class Flush extends CliCommand {
        @Mixin
        AnalyticsOptions service;

        @Override
        int execute() {
            try (JsonHttpClient client = service.client()) {
                JsonNode body = client.expectSuccess("POST", "/analytics/flush", Json.MAPPER.createObjectNode());
                PrintWriter out = out();
                JsonNode written = body.path("written");
                out.println("Wrote " + written.size() + " report objects:");
                written.forEach(k -> out.println("  " + k.asText()));
                return 0;
            }
        }
    }

    /** {@code analytics reports [--type T]}: the stored reports. */
    @Command(name = "reports", mixinStandardHelpOptions = true, description = "List the reports stored on S3.")
    static final class Reports extends CliCommand {
        @Mixin
        AnalyticsOptions service;

        @Option(
                names = {"-t", "--type"},
                paramLabel = "TYPE",
                description = "daily_sales, product_sales, customer_metrics, order_status, summary or hourly_sales"
                        + " (default: all).")
        String type;

        @Option(
                names = {"-l", "--limit"},
                defaultValue = "100",
                description = "How many, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int execute() {
            if (limit < 1 || limit > 1000) {
                throw new CliException("--limit must be between 1 and 1000, got " + limit);
            }
            String query = "?limit=" + limit
                    + (type == null
                            ? ""
                            : "&type=" + java.net.URLEncoder.encode(type, java.nio.charset.StandardCharsets.UTF_8));
            try (JsonHttpClient client = service.client()) {
                JsonNode body = client.expectSuccess("GET", "/analytics/reports" + query, null);
                PrintWriter out = out();
                JsonNode reports = body.path("reports");
                if (reports.isEmpty()) {
                    out.println("No reports in s3://" + Json.text(body, "bucket") + "/");
                    return 0;
                }
                out.printf("%-10s %-26s %s%n", "SIZE", "LAST MODIFIED", "KEY");
                for (JsonNode r : reports) {
                    out.printf(
                            "%-10s %-26s %s%n",
                            Json.text(r, "size"), Json.text(r, "last_modified"), Json.text(r, "key"));
                }
                return 0;
            }
        }
    }
}
