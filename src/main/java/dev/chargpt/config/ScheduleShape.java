package dev.chargpt.config;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

/** The learning rate's course over a run, after the warmup. */
public enum ScheduleShape {
    /** nanoGPT's: cosine decay from the peak to the minimum at the run's last step. */
    COSINE("cosine"),
    /**
     * Warmup-stable-decay: the peak held, then a linear decay to the minimum over the last
     * {@code cooldown} fraction of the run (Hägele et al., arXiv 2405.18392; Bergsma et al., arXiv 2502.15938).
     */
    WSD("wsd");

    private final String cliName;

    ScheduleShape(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static ScheduleShape fromCliName(String name) {
        for (ScheduleShape shape : values()) {
            if (shape.cliName.equals(name)) {
                return shape;
            }
        }
        throw new BadInputException(Setting.SCHEDULE + " '" + name + "' is not a schedule; choose cosine or wsd");
    }
}
