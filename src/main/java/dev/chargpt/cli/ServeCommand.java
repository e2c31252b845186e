package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.serve.ServeLimits;
import dev.chargpt.serve.ServeSettings;
import dev.chargpt.serve.Serving;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.util.List;

/** {@code chargpt serve}: options into {@link ServeSettings}, then {@link Serving}. */
final class ServeCommand implements RunReadingCommand {

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(RunReadingCommand.modelOption())
            .addOption(RunReadingCommand.checkpointOption())
            .addOption(Flags.valued("port", "N", "the port to listen on, 0 for any free one (default: "
                    + ServeSettings.DEFAULT_PORT + ")"))
            .addOption(Flags.valued("host", "ADDRESS", "the address to listen on (default: " + ServeSettings.LOOPBACK
                    + ", this machine only); the page has no authentication, so any other address is a warning"))
            .addOption(Flags.valued("max-length", "N", "characters one generation may ask for (default: "
                    + ServeLimits.DEFAULT_MAX_LENGTH + ")"))
            .addOption(Flags.valued("max-prompt", "N", "characters a prompt may have (default: "
                    + ServeLimits.DEFAULT_MAX_PROMPT + ")"))
            .addOption(Flags.valued("max-generations", "N", "generations streaming at once; one more is refused with"
                    + " 429 (default: " + ServeLimits.DEFAULT_MAX_GENERATIONS + ")")));

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "a local page: watch the model write, click a character to see where each head looked";
    }

    @Override
    public String description() {
        return """
                Serves a page on this machine where you type a prompt, watch the model continue it character by
                character (the same text as chargpt sample with the same seed), and click (or arrow-key to) any
                character to see, for every layer and head, how much it attended to each earlier character, the
                next characters the model found likeliest there, and the loss in bits of the one that came.
                The page's JSON API (docs/watch-it-write.md) serves scripts too. Ctrl-C stops it.""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt serve --model models/my-run", "the page at http://127.0.0.1:8000/"),
                new Example("chargpt serve --model models/my-run --checkpoint latest --port 8080",
                        "the last checkpoint, on another port"),
                new Example("chargpt serve --model models/my-run --max-generations 2 --max-length 1000",
                        "tighter caps for a small machine"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        int port = values.nonNegativeInt("port", ServeSettings.DEFAULT_PORT);
        if (port > 65535) {
            throw new BadInputException("--port must be a port number from 0 to 65535, got " + port);
        }
        ServeSettings settings = new ServeSettings(
                RunReadingCommand.model(values),
                RunReadingCommand.checkpoint(values),
                values.text("host", ServeSettings.LOOPBACK),
                port,
                new ServeLimits(values.positiveInt("max-length", ServeLimits.DEFAULT_MAX_LENGTH),
                        values.positiveInt("max-prompt", ServeLimits.DEFAULT_MAX_PROMPT),
                        values.positiveInt("max-generations", ServeLimits.DEFAULT_MAX_GENERATIONS)));
        return new Invocation() {
            @Override
            public boolean usesNd4j() {
                return true;
            }

            @Override
            public void run(PrintStream out) {
                Serving.run(settings, out, System.err);
            }
        };
    }
}
