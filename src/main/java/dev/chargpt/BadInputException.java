package dev.chargpt;

/**
 * A problem the user can fix: a missing file, an impossible size, an unknown character.
 * The message is one line that names the problem and the fix; the command line prints it
 * without a stack trace and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
