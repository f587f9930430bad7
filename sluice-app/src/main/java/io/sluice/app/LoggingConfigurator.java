package io.sluice.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The default logging of every Sluice process, set up in code: parsing an XML file costs a start about a tenth of a
 * second (some 600 classes of Joran and the JDK's XML parser), which counts against {@code run text-writer}'s first
 * row. {@code -Dlogback.configurationFile=FILE} (or a {@code logback-test.xml} on the class path, as in the tests)
 * still wins: this configurator then steps aside.
 *
 * <ul>
 *   <li>Lines: {@code HH:mm:ss.SSS LEVEL [thread] logger - message}.
 *   <li>{@code io.sluice} at {@code SLUICE_LOG_LEVEL} (or {@code -Dsluice.log.level}), default INFO.
 *   <li>The activity processor's seed lines (logger {@code ProcessingService}, SPEC.md §3.4) in the seed's format:
 *       {@code 2024-01-15 10:30:45 - ProcessingService - INFO - Processing event: page_view}.
 *   <li>Kafka ({@code -Dsluice.kafka.log.level}, default WARN), Jetty, Javalin, Hikari, Flyway, zonky and Debezium at
 *       WARN: chatty at INFO; the broker's "topic already exists" while it creates {@code __consumer_offsets} at
 *       ERROR.
 * </ul>
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements ch.qos.logback.classic.spi.Configurator {
    private static final Map<String, String> QUIET = Map.of(
            "kafka", "WARN",
            "kafka.server.DefaultAutoTopicCreationManager", "ERROR",
            "state.change.logger", "WARN",
            "org.eclipse.jetty", "WARN",
            "io.javalin", "WARN",
            "com.zaxxer.hikari", "WARN",
            "org.flywaydb", "WARN",
            "io.zonky", "WARN",
            "io.debezium", "WARN",
            // The dead-letter reader assigns partitions per question; the consumer warns of each one it left.
            "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", "ERROR");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LoggingConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Level sluice = Level.toLevel(level(), Level.INFO);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context, "STDOUT", "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n"));
        Logger seed = context.getLogger("ProcessingService");
        seed.setLevel(sluice);
        seed.setAdditive(false);
        seed.addAppender(console(
                context, "PROCESSING_SERVICE", "%d{yyyy-MM-dd HH:mm:ss} - ProcessingService - %level - %msg%n"));
        context.getLogger("io.sluice").setLevel(sluice);
        context.getLogger("org.apache.kafka")
                .setLevel(Level.toLevel(System.getProperty("sluice.kafka.log.level"), Level.WARN));
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String level() {
        String env = System.getenv("SLUICE_LOG_LEVEL");
        return env != null && !env.isBlank() ? env.trim() : System.getProperty("sluice.log.level", "INFO");
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
