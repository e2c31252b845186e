package dev.chargpt.data;

import dev.chargpt.OneLineReason;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a download failed, in plain words: what the user can check (the network, the address, a
 * proxy) rather than the JDK's exception classes. Java's HttpClient wraps the real cause one or
 * two levels deep in message-less ConnectExceptions, so the whole cause chain is read, by type
 * first (an unresolved host is a ConnectException caused by an UnresolvedAddressException).
 */
final class NetworkReason {

    /** HttpClient's words for a body that ended before its announced length. */
    private static final Pattern CUT_SHORT = Pattern.compile("fixed content-length: (\\d+), bytes received: (\\d+)");

    private NetworkReason() {
    }

    static String of(Throwable failure) {
        boolean connecting = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            connecting |= t instanceof ConnectException;
            String words = words(t, connecting);
            if (words != null) {
                return words;
            }
        }
        return OneLineReason.of(failure);
    }

    /** The server's answer when it is not the file. */
    static String httpStatus(int status) {
        String meaning = switch (status) {
            case 401, 403 -> " (access denied)";
            case 404, 410 -> " (no file at that address)";
            case 429 -> " (too many requests: try again later)";
            default -> status >= 500 ? " (a fault on the server's side: try again later)" : "";
        };
        return "the server answered with HTTP status " + status + meaning + " instead of the file";
    }

    /** {@code connecting}: {@code t} is, or was reported by, a ConnectException. */
    private static String words(Throwable t, boolean connecting) {
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return "the host name could not be resolved: no network, or a mistyped address?";
        }
        if (t instanceof NoRouteToHostException) {
            return "there is no route to the host: no network, or a firewall in the way?";
        }
        if (t instanceof HttpConnectTimeoutException) { // before HttpTimeoutException, which it extends
            return "connecting to the server timed out: no network, or a firewall that drops the connection?";
        }
        if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
            return "the server did not answer in time: try again later";
        }
        if (t instanceof SSLHandshakeException) {
            return "the secure (TLS) connection could not be set up: the server's certificate was not accepted"
                    + " (a proxy that intercepts HTTPS, or a wrong system clock?)";
        }
        if (t instanceof SSLException) {
            return "the secure (TLS) connection failed: the server did not speak TLS, or a proxy is in the way";
        }
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        Matcher cut = CUT_SHORT.matcher(message);
        if (cut.find()) {
            return "the connection closed after " + cut.group(2) + " of " + cut.group(1) + " bytes: try again";
        }
        if (message.contains("eof reached")) {
            return "the connection closed before the whole file arrived: try again";
        }
        if (message.contains("network is unreachable")) {
            return "the network is unreachable: is this machine connected?";
        }
        // Java 17's HttpClient reports a refused connection as a channel closed while connecting.
        if (message.contains("connection refused") || t instanceof ClosedChannelException && connecting) {
            return "the connection was refused: nothing answers at that address and port";
        }
        return null;
    }
}
