package dev.chargpt.spark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The sharing mesh's port: stable within a JVM, chosen afresh (and free) where a copy is deserialised. */
@Tag("spark")
class FreeUdpPortTest {
    @Test
    void oneJvmKeepsItsPortAndAnExecutorsCopyPicksAFreeOneOfItsOwn() throws Exception {
        FreeUdpPort driver = new FreeUdpPort();
        int port = driver.getPort();
        assertEquals(port, driver.getPort(), "the driver publishes the port it binds");
        // the driver's mesh holds its port, as it does when an executor on the same machine starts
        try (DatagramSocket driverMesh = new DatagramSocket(new InetSocketAddress(port))) {
            FreeUdpPort executor = roundTrip(driver);
            int executorPort = executor.getPort();
            assertNotEquals(port, executorPort);
            try (DatagramSocket executorMesh = new DatagramSocket(new InetSocketAddress(executorPort))) {
                assertEquals(executorPort, executorMesh.getLocalPort());
            }
        }
    }

    private static FreeUdpPort roundTrip(FreeUdpPort supplier) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(supplier);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (FreeUdpPort) in.readObject();
        }
    }
}
