package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a Project Gutenberg plain-text eBook down to the work itself, so the model learns
 * Shakespeare rather than licence boilerplate: the header up to and including the
 * {@code *** START OF THE PROJECT GUTENBERG EBOOK ... ***} line and everything from the
 * {@code *** END OF ... ***} line on (the licence) go; line ends become LF.
 *
 * <p>Older files say "THIS" instead of "THE" in the markers (our pinned eBook #100 does). That
 * 1994-2011 edition of the complete works also carries World Library's "Small Print!" licence
 * at the top of the body and 220 copies of a {@code <<THIS ELECTRONIC VERSION ... >>} notice
 * between the works (about 2% of the characters); those are removed too. Each rule matches
 * only its own boilerplate, so texts without it pass through unchanged.
 */
public final class GutenbergText {

    private static final Pattern START = Pattern.compile(
            "^\\*{3}\\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK\\b.*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern END = Pattern.compile(
            "^\\*{3}\\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK\\b.*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    /** World Library's licence at the top of the 1994-2011 edition ends with this version line. */
    private static final Pattern SMALL_PRINT_LAST_LINE = Pattern.compile("^\\[\"Small Print\" V[^\\n]*\\]$", Pattern.MULTILINE);
    private static final int SMALL_PRINT_MAX_OFFSET = 20_000;
    private static final Pattern WORLD_LIBRARY_NOTICE = Pattern.compile("<<THIS ELECTRONIC VERSION[^<>]*>>\\n*");

    /** A transcriber's credit as the first paragraph of the body ("Produced by ..."). */
    private static final Pattern LEADING_CREDIT = Pattern.compile("\\A\\n*Produced by [^\\n]*(?:\\n[^\\n]+)*");
    /** "End of the Project Gutenberg EBook of ..." / "End of Project Gutenberg's ..." just before the END marker. */
    private static final Pattern TRAILING_END_NOTE = Pattern.compile("^End of (?:the )?Project Gutenberg", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final int END_NOTE_MAX_LENGTH = 500;

    private GutenbergText() {
    }

    /**
     * The work inside a Project Gutenberg eBook, with LF line ends, no leading blank lines and
     * exactly one final newline.
     *
     * @throws NotAnEbookException if the START or END marker is missing or out of order, or
     *                              there is no text between them
     */
    public static String strip(String raw) {
        String text = raw.replace("\r\n", "\n");
        Matcher start = START.matcher(text);
        if (!start.find()) {
            throw new NotAnEbookException("no '*** START OF THE PROJECT GUTENBERG EBOOK ... ***' line found, so this is not"
                    + " a Project Gutenberg eBook", "pass a Gutenberg plain-text file, or your own text as a file path");
        }
        Matcher end = END.matcher(text);
        if (!end.find(start.end())) {
            throw new NotAnEbookException("no '*** END OF THE PROJECT GUTENBERG EBOOK ... ***' line after the START line,"
                    + " so the eBook is truncated or not from Project Gutenberg", "download the complete file again");
        }
        String body = text.substring(start.end(), end.start());
        body = withoutSmallPrint(body);
        body = WORLD_LIBRARY_NOTICE.matcher(body).replaceAll("");
        body = LEADING_CREDIT.matcher(body).replaceFirst("");
        body = withoutTrailingEndNote(body);
        body = body.replaceFirst("\\A\\n+", "").stripTrailing();
        if (body.isEmpty()) {
            throw new NotAnEbookException("the Project Gutenberg eBook has no text between its START and END lines",
                    "download the complete file again");
        }
        return body + "\n";
    }

    private static String withoutSmallPrint(String body) {
        Matcher lastLine = SMALL_PRINT_LAST_LINE.matcher(body);
        if (lastLine.find() && lastLine.start() < SMALL_PRINT_MAX_OFFSET) {
            return body.substring(lastLine.end());
        }
        return body;
    }

    private static String withoutTrailingEndNote(String body) {
        Matcher note = TRAILING_END_NOTE.matcher(body);
        int lastStart = -1;
        while (note.find()) {
            lastStart = note.start();
        }
        if (lastStart >= 0 && body.length() - lastStart <= END_NOTE_MAX_LENGTH) {
            return body.substring(0, lastStart);
        }
        return body;
    }

    /**
     * The text is not a complete Project Gutenberg eBook. The message is the usual one line of
     * problem and fix; {@link #problem()} is the problem alone, for callers that phrase their own fix.
     */
    public static final class NotAnEbookException extends BadInputException {
        private static final long serialVersionUID = 1L;
        private final String problem;

        NotAnEbookException(String problem, String fix) {
            super(problem + "; " + fix);
            this.problem = problem;
        }

        public String problem() {
            return problem;
        }
    }
}
