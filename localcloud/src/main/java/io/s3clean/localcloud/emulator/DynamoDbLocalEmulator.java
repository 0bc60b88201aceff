package io.s3clean.localcloud.emulator;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local 2.x as an HTTP server in this JVM.
 *
 * <p>DynamoDB Local has no host option and listens on every interface; nothing of ours may listen
 * beyond loopback, so its Jetty connector is re-pointed at 127.0.0.1 before start. Its port option
 * refuses 0, so a free port is likewise asked of the connector itself, which avoids the race of
 * probing for a free port and binding it later.
 */
final class DynamoDbLocalEmulator implements Emulator {

    private final DynamoDBProxyServer server;
    private final ServerConnector connector;

    private DynamoDbLocalEmulator(DynamoDBProxyServer server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static DynamoDbLocalEmulator start(int port, Optional<Path> dataDir) {
        try {
            DynamoDBProxyServer server = ServerRunner.createServer(commandLine(port, dataDir));
            ServerConnector connector = connectorOf(server);
            connector.setHost(LOOPBACK);
            connector.setPort(port);
            server.start();
            // start() swallows a failed bind: it prints "Could not start server" to stderr, stops
            // Jetty and returns normally. Only the connector tells.
            if (connector.getLocalPort() <= 0) {
                server.stop();
                throw new IllegalStateException("could not listen on " + LOOPBACK + ":" + port);
            }
            return new DynamoDbLocalEmulator(server, connector);
        } catch (Exception e) {
            throw new EmulatorStartException("DynamoDB Local", e);
        }
    }

    /**
     * The arguments {@code ServerRunner.createServerFromCommandLineArgs} would parse. Going through
     * {@code createServer(CommandLineInput)} is the same path minus a configuration banner printed to
     * stdout, which belongs to whoever owns stdout (the CLI, a test report).
     */
    private static CommandLineInput commandLine(int port, Optional<Path> dataDir) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                // Validated as 1-65535; the connector gets the real port (possibly 0) below.
                "-port", String.valueOf(port == 0 ? 8000 : port),
                "-disableTelemetry",
                // One database file whatever the access key and region: another process with
                // other credentials must see the same tables.
                "-sharedDb"));
        if (dataDir.isPresent()) {
            Path dir = dataDir.get();
            createDirectories(dir);
            args.addAll(List.of("-dbPath", dir.toString()));
        } else {
            args.add("-inMemory");
        }
        CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
        if (!input.init()) {
            throw new IllegalArgumentException("DynamoDB Local refused its arguments: " + args);
        }
        return input;
    }

    private static ServerConnector connectorOf(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        return (ServerConnector) jetty.getConnectors()[0];
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address the connector is bound to, for checks that nothing listens beyond loopback. */
    String boundHost() {
        return connector.getHost();
    }

    @Override
    public URI endpoint() {
        return Emulator.loopbackUri(connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
