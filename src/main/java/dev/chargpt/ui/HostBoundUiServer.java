package dev.chargpt.ui;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import org.deeplearning4j.ui.VertxUIServer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * DL4J's UI server, listening on one host address. VertxUIServer calls {@code createHttpServer()}
 * without options, so Vert.x listens on every interface (0.0.0.0), and the UI has no
 * authentication. Here its Vert.x is wrapped so that call gets the host to bind to; every other
 * call goes to the real Vert.x unchanged.
 */
final class HostBoundUiServer extends VertxUIServer {
    private final String host;

    HostBoundUiServer(String host) {
        this.host = host;
    }

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(boundTo(vertx, host), context);
    }

    private static Vertx boundTo(Vertx real, String host) {
        return (Vertx) Proxy.newProxyInstance(HostBoundUiServer.class.getClassLoader(), interfaces(real.getClass()),
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && method.getParameterCount() == 0) {
                        return real.createHttpServer(new HttpServerOptions().setHost(host));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Every interface the real Vert.x implements (VertxInternal too, which Vert.x's own code casts to). */
    private static Class<?>[] interfaces(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                all.add(i);
            }
        }
        return all.toArray(new Class<?>[0]);
    }
}
