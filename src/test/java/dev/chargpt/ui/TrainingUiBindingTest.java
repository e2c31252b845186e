package dev.chargpt.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The UI listens on loopback only by default: reachable at 127.0.0.1, not at the machine's other addresses. */
class TrainingUiBindingTest {

    @Test
    void loopbackOnly() throws IOException {
        Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        assumeTrue(outside.isPresent(), "this machine has an address besides loopback");
        try (TrainingUi ui = TrainingUi.start(TrainingUi.LOOPBACK, 0)) {
            assertTrue(connects(InetAddress.getByName("127.0.0.1"), ui.port()), "reachable on 127.0.0.1");
            assertFalse(connects(outside.get(), ui.port()), "not reachable on " + outside.get());
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
