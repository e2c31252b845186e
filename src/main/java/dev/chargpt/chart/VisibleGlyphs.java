package dev.chargpt.chart;

import java.awt.Font;

/**
 * How a character is shown on a picture's axis: a space as '␣' and a line break as '↵' when the
 * font draws them (DejaVu, the usual Linux font, does), otherwise '·' and '¶', which every font
 * has; a tab as '→' or '»', other control characters as '?'.
 */
record VisibleGlyphs(String space, String newline, String tab) {

    static VisibleGlyphs forFont(Font font) {
        boolean symbols = font.canDisplay('␣') && font.canDisplay('↵') && font.canDisplay('→');
        return symbols ? new VisibleGlyphs("␣", "↵", "→") : new VisibleGlyphs("·", "¶", "»");
    }

    String of(String token) {
        return switch (token) {
            case " " -> space;
            case "\n" -> newline;
            case "\t" -> tab;
            default -> token.codePoints().allMatch(Character::isISOControl) ? "?" : token;
        };
    }

    /** A line for the picture's legend. */
    String spaceNote() {
        return space + " is a space, " + newline + " a line break";
    }
}
