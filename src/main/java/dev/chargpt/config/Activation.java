package dev.chargpt.config;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

/**
 * The MLP's nonlinearity in every transformer block. Saved with the model (its layers' JSON, the
 * run's config): a model computes with the activation it was trained with, and models saved before
 * this choice existed have none recorded and are {@link #GELU}.
 */
public enum Activation {
    /** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)): nanoGPT's and PyTorch's default {@code nn.GELU}. */
    GELU("gelu"),
    /**
     * ReLU squared, relu(x)^2 (So et al., "Primer", arXiv 2109.08668; modded-nanogpt): no erf, so a
     * cheaper step in SameDiff, and reported as good as or better than GELU per step.
     */
    RELU2("relu2");

    private final String cliName;

    Activation(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Activation fromCliName(String name) {
        for (Activation activation : values()) {
            if (activation.cliName.equals(name)) {
                return activation;
            }
        }
        throw new BadInputException(Setting.ACTIVATION + " '" + name + "' is not an activation; choose gelu or relu2");
    }
}
