package dev.chargpt;

/**
 * A problem the user can fix: a missing file, an impossible size, an unknown character.
 * The message is one line that names the problem and the fix; the command line prints it
 * without a stack trace and exits with code 2.
 *
 * <p>The message may mention {@link Setting}s ({@code BLOCK_SIZE + " must be at least 1"}).
 * {@link #getMessage()} names them by their fields ("blockSize must be at least 1"); the command
 * line shows {@link #template()} rendered with its own flags ("--block-size must be at least 1").
 */
public class BadInputException extends RuntimeException {
    private final String template;

    public BadInputException(String message) {
        this(message, null);
    }

    public BadInputException(String message, Throwable cause) {
        super(Setting.render(message, Setting::fieldName), cause);
        this.template = message;
    }

    /** The message with its setting mentions kept, for a caller that names settings its own way. */
    public String template() {
        return template;
    }
}
