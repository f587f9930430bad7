package io.sluice.aws;

import io.sluice.core.consumer.FailureClassifier;
import io.sluice.core.consumer.FailureKind;
import io.sluice.core.consumer.PoisonRecordException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The one place that maps AWS SDK v2 failures (DynamoDB, S3) to {@link FailureKind}.
 *
 * <ul>
 *   <li>Data ({@code DATA}): a {@link PoisonRecordException} anywhere in the cause chain, and a service's refusal of
 *       the request itself ({@linkplain #DATA_ERROR_CODES validation errors}: a value or key the service can never
 *       accept, such as an item over 400 KB or an empty key attribute) — retrying cannot help.
 *   <li>Everything else is {@code TRANSIENT}: throttling, HTTP 5xx, connection and timeout failures (the SDK's
 *       {@code SdkClientException}), and, on purpose, anything unrecognised (access denied, a missing table): a
 *       stalled partition shows in health, while a flooded dead-letter topic loses data's trail.
 * </ul>
 *
 * Thread-safe and stateless.
 */
public final class AwsFailureClassifier implements FailureClassifier {
    public static final AwsFailureClassifier INSTANCE = new AwsFailureClassifier();

    /** Error codes that mean the request's content is invalid: DynamoDB's and S3's validation errors. */
    public static final Set<String> DATA_ERROR_CODES = Set.of(
            "ValidationException",
            "SerializationException",
            "ItemCollectionSizeLimitExceededException",
            "InvalidArgument",
            "KeyTooLongError",
            "EntityTooLarge",
            "MetadataTooLarge");

    private AwsFailureClassifier() {}

    @Override
    public FailureKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return FailureKind.DATA;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException aws) {
                return isDataError(aws) ? FailureKind.DATA : FailureKind.TRANSIENT;
            }
        }
        return FailureKind.TRANSIENT;
    }

    /** Whether {@code failure} means the service is unavailable (to map to HTTP 503 and to retry). */
    public static boolean isOutage(Throwable failure) {
        return INSTANCE.classify(failure) == FailureKind.TRANSIENT;
    }

    private static boolean isDataError(AwsServiceException e) {
        if (e.isThrottlingException() || e.statusCode() >= 500) {
            return false;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && DATA_ERROR_CODES.contains(code);
    }
}
