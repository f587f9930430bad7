package io.sluice.cli;

/** The Text Writer service could not be reached at all, so retrying other requests would fail the same way. */
final class ServiceUnreachableException extends CliException {

    ServiceUnreachableException(String baseUrl, String reason, Throwable cause) {
        super("cannot reach " + baseUrl + " (" + reason + ") — is the service running? Try ./sluice up", cause);
    }
}
