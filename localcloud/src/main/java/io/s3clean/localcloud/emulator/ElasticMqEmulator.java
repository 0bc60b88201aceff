package io.s3clean.localcloud.emulator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.List$;
import scalikejdbc.ConnectionPool;

/**
 * ElasticMQ's SQS server (JSON and query protocols) in this JVM.
 *
 * <p>With a data directory, queues and their messages persist in an H2 database through
 * ElasticMQ's own SQL persistence, wired here as its standalone server wires it. That persistence
 * keeps its JDBC pool in a process-wide singleton (scalikejdbc's default pool, set once by
 * ElasticMQ), so only one persistent ElasticMQ may run per JVM at a time; this class re-points the
 * pool on every start and enforces the one-at-a-time rule.
 */
final class ElasticMqEmulator implements Emulator {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicBoolean PERSISTENT_INSTANCE_RUNNING = new AtomicBoolean();
    /**
     * {@link #close} stops the actor system; Pekko's own JVM shutdown hook would race it on Ctrl-C,
     * and registering it lazily while the JVM already shuts down only logs a warning.
     */
    private static final Config PEKKO_CONFIG = ConfigFactory.parseString(
            "pekko.jvm-shutdown-hooks = off\n"
                    + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n");

    private final ActorSystem actorSystem;
    private final SQSRestServer server;
    private final int port;
    private final boolean persistent;

    private ElasticMqEmulator(ActorSystem actorSystem, SQSRestServer server, int port, boolean persistent) {
        this.actorSystem = actorSystem;
        this.server = server;
        this.port = port;
        this.persistent = persistent;
    }

    /** @param queueUrlPort the port queue URLs name; 0 for this emulator's own */
    static ElasticMqEmulator start(int port, Optional<Path> dataDir, String region, String accountId,
            int queueUrlPort) {
        boolean persistent = dataDir.isPresent();
        if (persistent && !PERSISTENT_INSTANCE_RUNNING.compareAndSet(false, true)) {
            throw new EmulatorStartException("ElasticMQ", new IllegalStateException(
                    "a persistent ElasticMQ already runs in this JVM; its SQL persistence is process-wide"));
        }
        ActorSystem actorSystem = null;
        try {
            actorSystem = ActorSystem.create("elasticmq", PEKKO_CONFIG.withFallback(ConfigFactory.load()));
            Option<ActorRef> persistence = persistent
                    ? Option.apply(startPersistence(actorSystem, dataDir.get()))
                    : Option.empty();
            ActorRef queueManager = actorSystem.actorOf(Props.create(QueueManagerActor.class,
                    new NowProvider(), StrictSQSLimits$.MODULE$, persistence));
            TheSQSRestServerBuilder builder = SQSRestServerBuilder
                    .withActorSystem(actorSystem)
                    .withQueueManagerActor(queueManager)
                    .withInterface(LOOPBACK)
                    .withPort(port)
                    .withAWSRegion(region)
                    .withAWSAccountId(accountId);
            if (queueUrlPort != 0) {
                // ElasticMQ finds a request's queue by the URL's path, whatever its host and port
                builder = builder.withServerAddress(new NodeAddress("http", LOOPBACK, queueUrlPort, ""));
            }
            if (persistence.isDefined()) {
                builder = builder.withQueueEventListener(persistence.get());
                restoreQueues(persistence.get(), queueManager);
            }
            SQSRestServer server = builder.start();
            int boundPort = server.waitUntilStarted().localAddress().getPort();
            return new ElasticMqEmulator(actorSystem, server, boundPort, persistent);
        } catch (Exception e) {
            if (actorSystem != null) {
                terminate(actorSystem);
            }
            if (persistent) {
                ConnectionPool.closeAll();
                PERSISTENT_INSTANCE_RUNNING.set(false);
            }
            throw new EmulatorStartException("ElasticMQ", e);
        }
    }

    private static ActorRef startPersistence(ActorSystem actorSystem, Path dir) {
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would otherwise race ours and close the
        // database under in-flight writes during Ctrl-C.
        String url = "jdbc:h2:file:" + dir.resolve("elasticmq").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        var config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "sa", "", false);
        // ElasticMQ sets the pool only the first time; a later start in this JVM (a restart, another
        // data directory) must point it at its own database.
        ConnectionPool.singleton(url, "sa", "",
                ConnectionPool.singleton$default$4(),
                ConnectionPool.singleton$default$5(url, "sa", "", ConnectionPool.singleton$default$4()));
        return actorSystem.actorOf(Props.create(SqlQueuePersistenceActor.class, config, List$.MODULE$.empty()));
    }

    private static void restoreQueues(ActorRef persistence, ActorRef queueManager) throws Exception {
        Object result = Patterns.ask(persistence, new QueueEvent.Restore(queueManager), TIMEOUT)
                .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (result instanceof scala.util.Left<?, ?> errors) {
            throw new IllegalStateException("restoring persisted queues failed: " + errors.value());
        }
    }

    @Override
    public URI endpoint() {
        return Emulator.loopbackUri(port);
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } finally {
            terminate(actorSystem);
            if (persistent) {
                // The only JDBC pool in this JVM is ElasticMQ's; closing it releases H2's file lock.
                ConnectionPool.closeAll();
                PERSISTENT_INSTANCE_RUNNING.set(false);
            }
        }
    }

    private static void terminate(ActorSystem actorSystem) {
        actorSystem.terminate();
        try {
            actorSystem.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ's actor system did not stop", e);
        }
    }
}
