package dev.chargpt.spark;

import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;

/**
 * The UDP port of gradient sharing's Aeron mesh: a free one, chosen once in each JVM that asks. DL4J's
 * own StaticPortSupplier (M2.1) drops the port it is given and always answers 49876, so every run took
 * 49876: a second run, or a JVM that still held an earlier run's mesh (a test JVM, a driver on the
 * executors' machine), failed to bind it and its executors waited on a driver that never answered.
 * The driver reads this once for the address it publishes; each executor deserialises its own copy and
 * so picks a port free on its own machine.
 */
final class FreeUdpPort implements PortSupplier {
    private static final long serialVersionUID = 1L;

    private transient int port;

    @Override
    public synchronized int getPort() {
        if (port == 0) {
            try (DatagramSocket probe = new DatagramSocket(0)) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free UDP port for gradient sharing", e);
            }
        }
        return port;
    }
}
