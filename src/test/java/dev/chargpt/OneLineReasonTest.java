package dev.chargpt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OneLineReasonTest {

    @Test
    void namesTheExceptionAndItsMessageOnOneLine() {
        assertEquals("IOException: first second", OneLineReason.of(new IOException("first\n  second\n")));
    }

    @Test
    void looksIntoCausesWhenTheExceptionHasNoMessage() {
        IOException unknownHost = (IOException) new ConnectException().initCause(new UnresolvedAddressException());
        assertEquals("ConnectException: UnresolvedAddressException", OneLineReason.of(unknownHost));
        assertEquals("IOException: RuntimeException: why", OneLineReason.of(new IOException(null, new RuntimeException("why"))));
    }
}
