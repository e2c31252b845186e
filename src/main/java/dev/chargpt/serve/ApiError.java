package dev.chargpt.serve;

/**
 * A request the server refuses: an HTTP status and one plain sentence that names the problem and
 * the fix, sent as {@code {"error": "..."}}. No stack trace: it is the answer, not a failure.
 */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String sentence) {
        return new ApiError(400, sentence);
    }

    /** A body or a prompt past the server's cap. */
    static ApiError tooLarge(String sentence) {
        return new ApiError(413, sentence);
    }

    /** Every slot is taken: the client may try again shortly. */
    static ApiError busy(String sentence) {
        return new ApiError(429, sentence);
    }
}
