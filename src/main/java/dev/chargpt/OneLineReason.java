package dev.chargpt;

import java.io.EOFException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * The reason an operation failed, in plain words on one line, fit for a {@link BadInputException}:
 * "no space left on device", not "IOException: No space left on device". The corpus store, the
 * checkpoint files and the run directory all quote it in their messages. Java's class names stay
 * out (they are in the stack trace that --verbose prints): some JDK exceptions carry no message
 * and hide the reason in their cause, some messages are only a class name and a message of a cause,
 * and some span lines.
 */
public final class OneLineReason {

    /** A message that names Java classes or packages says nothing a user can act on. */
    private static final Pattern JAVA_WORDS = Pattern.compile(
            "[A-Z][A-Za-z]*(Exception|Error)\\b|(?<![\\w.])(java|javax|jdk|sun|org|com)\\.[a-z]");

    private OneLineReason() {
    }

    /**
     * The first reason down {@code e}'s cause chain that can be said in plain words, e.g.
     * "permission denied" or "no space left on device"; a fixed sentence if there is none.
     */
    public static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String words = words(t);
            if (words != null) {
                return words;
            }
        }
        return "run with --verbose to see why";
    }

    /** True if {@code text} names a Java class or package, as "ZipException" or "java.nio.file". */
    public static boolean speaksJava(String text) {
        return JAVA_WORDS.matcher(text).find();
    }

    /** Messages that span lines would break the one-line promise. */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** What {@code t} itself says in plain words, or null when it says nothing a user can read. */
    private static String words(Throwable t) {
        // Callers name the file they were working on; these two are often about another one on its
        // path (a file where a directory must be made), so they name theirs.
        if (t instanceof FileAlreadyExistsException exists) {
            return exists.getFile() == null ? "it already exists" : exists.getFile() + " already exists";
        }
        if (t instanceof NotDirectoryException notDirectory) {
            return notDirectory.getFile() == null ? "a part of the path is not a directory" : notDirectory.getFile() + " is not a directory";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (t instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        if (t instanceof EOFException) {
            return "the file ends early";
        }
        if (t instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        String message = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
        if ("Not a directory".equals(message)) { // the system's words for a file where the path needs a directory
            return "a part of the path is a file, not a directory";
        }
        if (message == null || message.isBlank() || speaksJava(message)) {
            return null;
        }
        return sentenceCase(oneLine(message));
    }

    /** "No space left on device" reads as part of a sentence once its capital goes; "HTTP 404" keeps its. */
    private static String sentenceCase(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
