/**
 * JUnit 5 extensions giving tests a real Kafka broker ({@link io.sluice.testkit.KafkaBroker}) and a real PostgreSQL
 * ({@link io.sluice.testkit.Postgres}), each started once per JVM. Test scope only.
 */
package io.sluice.testkit;
