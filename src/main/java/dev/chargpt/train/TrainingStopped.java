package dev.chargpt.train;

import dev.chargpt.Setting;

/**
 * Training stopped on request after saving its latest checkpoint at the step it had reached. Not
 * a failure: the message says where the work is and how to continue, and the process exits with
 * the signal's code. Like {@link dev.chargpt.BadInputException}, the message may mention
 * {@link Setting}s, which the command line renders as its flags.
 */
public final class TrainingStopped extends RuntimeException {
    private final transient StopRequest.Signal signal;
    private final String template;

    TrainingStopped(StopRequest.Signal signal, String template) {
        super(Setting.render(template, Setting::fieldName), null, false, false);
        this.signal = signal;
        this.template = template;
    }

    public int exitCode() {
        return signal.exitCode();
    }

    /** The message with its setting mentions kept. */
    public String template() {
        return template;
    }
}
