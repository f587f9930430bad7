package io.sluice.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.consumer.FailureKind;
import io.sluice.core.consumer.PoisonRecordException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class AwsFailureClassifierTest {
    private final AwsFailureClassifier classifier = AwsFailureClassifier.INSTANCE;

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
        "400, ValidationException, DATA",
        "400, SerializationException, DATA",
        "400, InvalidArgument, DATA",
        "400, ThrottlingException, TRANSIENT",
        "400, ProvisionedThroughputExceededException, TRANSIENT",
        "503, SlowDown, TRANSIENT",
        "500, InternalServerError, TRANSIENT",
        "400, ResourceNotFoundException, TRANSIENT",
        "403, AccessDeniedException, TRANSIENT",
    })
    void service_errors_by_status_and_code(int status, String code, FailureKind expected) {
        DynamoDbException e = (DynamoDbException) DynamoDbException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("x")
                        .build())
                .build();

        assertThat(classifier.classify(new RuntimeException("wrapped", e))).isEqualTo(expected);
    }

    @Test
    void a_connection_failure_is_an_outage() {
        SdkClientException e = SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new IOException("Connection refused"))
                .build();

        assertThat(classifier.classify(e)).isEqualTo(FailureKind.TRANSIENT);
        assertThat(AwsFailureClassifier.isOutage(e)).isTrue();
    }

    @Test
    void a_poison_record_is_data() {
        assertThat(classifier.classify(new PoisonRecordException("bad"))).isEqualTo(FailureKind.DATA);
    }

    @Test
    void an_unknown_failure_is_an_outage() {
        assertThat(classifier.classify(new IllegalStateException("?"))).isEqualTo(FailureKind.TRANSIENT);
    }
}
