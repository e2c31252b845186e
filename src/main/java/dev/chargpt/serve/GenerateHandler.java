package dev.chargpt.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.chargpt.BadInputException;
import dev.chargpt.attention.AttentionDrawing;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.sample.TextGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /api/generate}: {@code chargpt sample}'s text, streamed. The text comes from the very
 * {@link TextGenerator} and {@link dev.chargpt.sample.TokenSampler} that {@code sample} runs, so one
 * seed gives one text in both. A generation holds a decoder from the pool for as long as it
 * streams; when none is free the request is refused with 429 at once rather than queued, so a
 * crowd of clients cannot pile up work or memory.
 */
final class GenerateHandler {
    private final DecoderPool pool;
    private final Vocabulary vocabulary;
    private final ServeLimits limits;
    private final BooleanSupplier stopping;

    GenerateHandler(DecoderPool pool, Vocabulary vocabulary, ServeLimits limits, BooleanSupplier stopping) {
        this.pool = pool;
        this.vocabulary = vocabulary;
        this.limits = limits;
        this.stopping = stopping;
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        GenerateRequest request = GenerateRequest.read(exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody(), limits);
        DecoderPool.Lease lease = pool.lease(request.context(), 0);
        if (lease == null) {
            throw ApiError.busy("all " + pool.size() + " generations this server runs at once are busy; try again in a moment");
        }
        try (lease) {
            TextGenerator generator = new TextGenerator(lease.model(), vocabulary);
            int[] promptIds;
            try {
                promptIds = generator.promptIds(request.prompt(), request.unknown());
            } catch (BadInputException e) {
                throw Prompts.refused(e);
            }
            GenerationStream stream = GenerationStream.open(exchange, request.pace());
            stream.start(request.seed(), lease.model().blockSize(), AttentionDrawing.tokens(vocabulary, promptIds),
                    promptContext(promptIds.length, lease.model().blockSize()));
            try {
                generator.generate(request.prompt(), request.length(), request.sampler(), request.unknown(),
                        (codePoint, context) -> {
                            if (stopping.getAsBoolean()) {
                                throw new GenerationStream.GenerationStopped();
                            }
                            stream.character(codePoint, context);
                        });
                stream.end();
            } catch (GenerationStream.GenerationStopped stopped) {
                stream.error("the server is stopping; the text ends here");
            }
        } catch (UncheckedIOException clientGone) {
            // The client closed the connection mid-stream: nobody reads the rest. The lease is back already.
        }
    }

    /**
     * For each of the prompt's n characters, how many characters before it the model reads to
     * predict it. The generator starts from the prompt's newest blockSize characters (the newest of
     * which predicts the first generated one), so a character within them is predicted from those
     * before it in that window; one before them, as a reader with a sliding window would, from up
     * to blockSize characters before it.
     */
    static int[] promptContext(int n, int blockSize) {
        int windowStart = Math.max(0, n - blockSize);
        int[] context = new int[n];
        for (int i = 1; i < n; i++) {
            context[i] = i - 1 >= windowStart ? i - windowStart : Math.min(i, blockSize);
        }
        return context;
    }
}
