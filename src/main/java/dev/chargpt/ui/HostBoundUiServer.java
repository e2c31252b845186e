package dev.chargpt.ui;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.deeplearning4j.ui.VertxUIServer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * DL4J's UI server, listening on one host address. VertxUIServer calls {@code createHttpServer()}
 * without options, so Vert.x listens on every interface (0.0.0.0), and the UI has no
 * authentication. Here its Vert.x is wrapped so that call makes a server for the host, whose
 * {@code listen(port, handler)} listens on that host; every other call goes to the real Vert.x
 * unchanged. TrainingUiBindingTest checks the UI cannot be reached on the machine's other addresses.
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
                        return listeningOn(real.createHttpServer(new HttpServerOptions().setHost(host)), host);
                    }
                    return call(method, real, args);
                });
    }

    /** Vert.x 3.9's {@code listen(port, handler)} listens on 0.0.0.0 whatever the options say: it gets the host too. */
    private static HttpServer listeningOn(HttpServer real, String host) {
        return (HttpServer) Proxy.newProxyInstance(HostBoundUiServer.class.getClassLoader(), interfaces(real.getClass()),
                (proxy, method, args) -> {
                    Class<?>[] types = method.getParameterTypes();
                    if (method.getName().equals("listen") && types.length == 2 && types[0] == int.class) {
                        @SuppressWarnings("unchecked")
                        Handler<AsyncResult<HttpServer>> handler = (Handler<AsyncResult<HttpServer>>) args[1];
                        real.listen((Integer) args[0], host, handler);
                        return proxy;
                    }
                    Object result = call(method, real, args);
                    return result == real ? proxy : result; // fluent calls (requestHandler(...).listen(...)) stay wrapped
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
