package dev.chargpt.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A load on a running {@code chargpt serve} (loopback only): {@code clients} clients at once, each
 * asking again as soon as it has its answer, for {@code seconds}: every third request reads the
 * attention of a 64-character text (as a click does), the others generate {@code length} characters
 * with a seed of their own. Prints how many requests got which status (every one must be 200 or
 * 429) and the latency percentiles of each kind; the server's memory is measured outside
 * ({@code /usr/bin/time -v}, {@code /proc/PID/status}).
 *
 * <pre>java -cp target/chargpt.jar:target/test-classes dev.chargpt.bench.ServeLoad [port=8000] [clients=20] [seconds=60] [length=500]</pre>
 */
public final class ServeLoad {
    private static final String TEXT = "ROMEO:\\nBut soft, what light through yonder window breaks? It is th";

    private record Outcome(String kind, int status, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int length = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    boolean read = (client + i) % 3 == 0;
                    String body = read ? "{\"prompt\":\"" + TEXT + "\",\"next\":\"e\"}"
                            : "{\"prompt\":\"ROMEO:\",\"length\":" + length + ",\"seed\":" + (client * 100_000 + i) + "}";
                    HttpRequest request = HttpRequest.newBuilder(base.resolve(read ? "api/attention" : "api/generate"))
                            .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                    } catch (Exception e) {
                        status = -1; // no answer at all: the load test fails
                    }
                    outcomes.add(new Outcome(read ? "attention" : "generate", status, System.nanoTime() - start));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 180, TimeUnit.SECONDS);

        Map<String, List<Long>> latencies = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Outcome o : outcomes) {
            String key = o.kind() + " " + (o.status() == -1 ? "no answer" : String.valueOf(o.status()));
            counts.merge(key, 1, Integer::sum);
            latencies.computeIfAbsent(key, k -> new ArrayList<>()).add(o.nanos());
        }
        System.out.printf(Locale.ROOT, "%d clients for %d s, %d requests (generate: %d characters each)%n", clients, seconds,
                outcomes.size(), length);
        for (Map.Entry<String, List<Long>> entry : latencies.entrySet()) {
            List<Long> sorted = new ArrayList<>(entry.getValue());
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "%-16s %6d  latency ms p50 %7.1f  p90 %7.1f  p99 %7.1f  max %7.1f%n",
                    entry.getKey(), counts.get(entry.getKey()), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                    sorted.get(sorted.size() - 1) / 1e6);
        }
    }

    private static double ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
