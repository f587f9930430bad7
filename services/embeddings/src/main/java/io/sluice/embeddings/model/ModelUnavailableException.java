package io.sluice.embeddings.model;

/** The model could not embed a batch at all (endpoint down, runtime failure): retry the batch later. */
public class ModelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
