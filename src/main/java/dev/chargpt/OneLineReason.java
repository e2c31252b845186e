package dev.chargpt;

/**
 * The reason an operation failed, as one line fit for a {@link BadInputException}; the corpus
 * store, the checkpoint files and the run directory all quote it in their messages. Some JDK exceptions carry no message and hide the reason in their cause (an unknown host is a
 * ConnectException caused by an UnresolvedAddressException), and some messages span lines.
 */
public final class OneLineReason {

    private OneLineReason() {
    }

    /** The class name and the first message found down the cause chain, e.g. "NoSuchFileException: /a/b". */
    public static String of(Throwable e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!reason.isEmpty()) {
                reason.append(": ");
            }
            reason.append(t.getClass().getSimpleName());
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                // The first message found is the informative one; causes below it only repeat it.
                return reason.append(": ").append(oneLine(message)).toString();
            }
        }
        return reason.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
