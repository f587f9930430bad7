/**
 * JUnit 5 extensions giving tests a real Kafka broker ({@link io.sluice.testkit.KafkaBroker}) and a real PostgreSQL
 * ({@link io.sluice.testkit.Postgres}), an S3-compatible server ({@link io.sluice.testkit.S3Server}) and a
 * DynamoDB-API server ({@link io.sluice.testkit.Dynalite}), each started once per JVM. Test scope only.
 */
package io.sluice.testkit;
