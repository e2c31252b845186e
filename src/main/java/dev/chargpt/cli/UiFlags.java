package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.ui.TrainingUi;
import dev.chargpt.ui.UiSettings;

/** {@code --ui}, {@code --ui-port}, {@code --ui-host}, {@code --ui-every} into {@link UiSettings}, shared by train and ui. */
final class UiFlags {
    private UiFlags() {
    }

    /** The settings when {@code --ui} is given, else null. */
    static UiSettings settings(OptionValues values) {
        return values.has("ui") ? read(values) : null;
    }

    static UiSettings read(OptionValues values) {
        int port = values.nonNegativeInt("ui-port", TrainingUi.DEFAULT_PORT);
        if (port > 65535) {
            throw new BadInputException("--ui-port must be a port number from 0 to 65535, got " + port);
        }
        String host = values.text("ui-host", TrainingUi.LOOPBACK);
        int every = values.positiveInt("ui-every", UiSettings.DEFAULT_EVERY);
        return new UiSettings(host, port, every);
    }
}
