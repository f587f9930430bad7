/**
 * The dead-letter lifecycle (issue 16): every {@code *.dlq} topic's records (ADR 0002), listed and filtered, shown,
 * replayed to their original topic with provenance headers, or marked resolved; each replay and resolution recorded
 * durably in a compacted state topic so that a record is not replayed twice unless forced.
 */
package io.sluice.dlq;
