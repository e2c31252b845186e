package dev.chargpt.serve;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

/** What the server checks in every prompt it is sent, and how it words a refusal. */
final class Prompts {
    private Prompts() {
    }

    /** {@code text} when it is within the prompt cap; counted in characters (code points), as the model reads it. */
    static String capped(String text, String field, ServeLimits limits) {
        int characters = text.codePointCount(0, text.length());
        if (characters > limits.maxPrompt()) {
            throw ApiError.tooLarge(field + " has " + characters + " characters, more than this server takes ("
                    + limits.maxPrompt() + "); send its end only: the model reads just the last block-size characters");
        }
        return text;
    }

    /**
     * A refusal of the shared prompt rules (unknown characters, nothing left after dropping them) as
     * this API says it: the setting {@code dropUnknown} is the request field {@code "dropUnknown": true}.
     */
    static ApiError refused(BadInputException problem) {
        return ApiError.badRequest(Setting.render(problem.template(),
                setting -> setting == Setting.DROP_UNKNOWN ? "\"dropUnknown\": true" : setting.fieldName()));
    }

    /** A client's string inside a message: one line, short. */
    static String quoted(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
    }
}
