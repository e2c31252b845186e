package dev.chargpt.serve;

import java.nio.file.Path;

/**
 * What {@code chargpt serve} was asked to do.
 *
 * @param model      the run directory
 * @param checkpoint {@code best} or {@code latest}
 * @param host       the address to listen on; loopback unless the user says otherwise (no authentication)
 * @param port       0 for any free port
 */
public record ServeSettings(Path model, String checkpoint, String host, int port, ServeLimits limits) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
}
