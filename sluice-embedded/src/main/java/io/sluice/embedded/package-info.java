/**
 * Local stand-ins for the infrastructure Sluice talks to, run from the JVM: an in-process Kafka broker ({@link
 * io.sluice.embedded.EmbeddedKafka}), a PostgreSQL server in child processes ({@link
 * io.sluice.embedded.EmbeddedPostgres}) and an in-process S3-compatible server ({@link io.sluice.embedded.EmbeddedS3}). Used by {@code sluice up} and, through {@code sluice-testkit}, by tests.
 */
package io.sluice.embedded;
