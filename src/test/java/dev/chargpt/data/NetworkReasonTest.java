package dev.chargpt.data;

import dev.chargpt.fixture.PlainWords;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each way a download can fail, in the shape Java 17's HttpClient reports it (the real cause one or
 * two message-less ConnectExceptions deep), said in plain words. The cases that need a network this
 * machine does not have (an unknown host, no route, a silent server) are fed in here; refused, HTTP
 * status, TLS and a cut connection are also met for real in {@link CorpusStoreTest}, on 127.0.0.1.
 */
class NetworkReasonTest {

    /** What HttpClient.send throws: a ConnectException wrapping a ConnectException wrapping {@code cause}. */
    private static IOException asHttpClientThrowsIt(String message, Throwable cause) {
        return (IOException) new ConnectException(message).initCause(new ConnectException(message).initCause(cause));
    }

    private static String reason(Throwable failure) {
        return PlainWords.assertPlain(NetworkReason.of(failure));
    }

    @Test
    void anUnresolvedHostIsSaidOnceAsSuch() {
        // the line said "ConnectException: ConnectException: UnresolvedAddressException"
        assertEquals("the host name could not be resolved: no network, or a mistyped address?",
                reason(asHttpClientThrowsIt(null, new UnresolvedAddressException())));
    }

    @Test
    void noRouteToTheHost() {
        NoRouteToHostException noRoute = new NoRouteToHostException("No route to host");
        assertEquals("there is no route to the host: no network, or a firewall in the way?",
                reason(asHttpClientThrowsIt(noRoute.toString(), noRoute)));
    }

    @Test
    void anUnreachableNetwork() {
        assertEquals("the network is unreachable: is this machine connected?",
                reason(asHttpClientThrowsIt(null, new SocketException("Network is unreachable"))));
    }

    @Test
    void refusedAsJava17ReportsIt() {
        // what a closed port on 127.0.0.1 gives (CorpusStoreTest meets it for real)
        assertEquals("the connection was refused: nothing answers at that address and port",
                reason(asHttpClientThrowsIt(null, new ClosedChannelException())));
        assertEquals("the connection was refused: nothing answers at that address and port",
                reason(new ConnectException("Connection refused")));
    }

    @Test
    void aClosedChannelAfterConnectingIsNotCalledRefused() {
        assertEquals("run with --verbose to see why", reason(new IOException(new ClosedChannelException())));
    }

    @Test
    void connectingTimedOut() {
        HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("HTTP connect timed out");
        timeout.initCause(new ConnectException("HTTP connect timed out"));
        assertEquals("connecting to the server timed out: no network, or a firewall that drops the connection?", reason(timeout));
    }

    @Test
    void theServerDidNotAnswerInTime() {
        assertEquals("the server did not answer in time: try again later", reason(new HttpTimeoutException("request timed out")));
    }

    @Test
    void tlsFailures() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path");
        assertEquals("the secure (TLS) connection could not be set up: the server's certificate was not accepted"
                + " (a proxy that intercepts HTTPS, or a wrong system clock?)", reason(untrusted));
        assertEquals("the secure (TLS) connection failed: the server did not speak TLS, or a proxy is in the way",
                reason(new SSLException("Unrecognized SSL message, plaintext connection?")));
    }

    @Test
    void aBodyCutShortSaysHowMuchArrived() {
        assertEquals("the connection closed after 500 of 1000 bytes: try again",
                reason(new IOException("fixed content-length: 1000, bytes received: 500")));
        assertEquals("the connection closed before the whole file arrived: try again",
                reason(new IOException("EOF reached while reading")));
    }

    @Test
    void httpStatusesSayWhatTheyMean() {
        assertEquals("the server answered with HTTP status 404 (no file at that address) instead of the file",
                NetworkReason.httpStatus(404));
        assertEquals("the server answered with HTTP status 503 (a fault on the server's side: try again later) instead of the file",
                NetworkReason.httpStatus(503));
        assertEquals("the server answered with HTTP status 418 instead of the file", NetworkReason.httpStatus(418));
    }
}
