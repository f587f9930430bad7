/**
 * AWS for Sluice services: SDK v2 clients built from settings ({@link io.sluice.aws.AwsConfig}, {@link
 * io.sluice.aws.AwsClients}), the outage-or-data classification of their failures ({@link
 * io.sluice.aws.AwsFailureClassifier}), and dead letters in S3 ({@link io.sluice.aws.S3DeadLetters}).
 */
package io.sluice.aws;
