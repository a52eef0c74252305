package io.distill.app.pipeline;

import io.distill.app.http.ComponentHealth;
import io.distill.app.http.EdgeApp;
import io.distill.app.ingest.IngestApp;
import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.student.stream.StudentApp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distill's services run side by side in this JVM: any of ingest, teacher, student and edge, from one set of
 * settings, sharing one {@link PrometheusRegistry}. The demo runs all four, the pipeline integration test the first
 * three, and each {@code distill <service>} command one.
 *
 * <pre>{@code
 * PrometheusRegistry registry = PrometheusRegistry.withJvmMetrics();
 * try (Pipeline pipeline = Pipeline.create(settings, clock, EnumSet.allOf(Pipeline.Role.class), registry)) {
 *     pipeline.start();                  // ingest, teacher, student, then the edge (which loads its table first)
 *     pipeline.failure();                // why a service stopped on its own, if one did
 *     pipeline.edge().get().url();       // with the edge: /health lists every service, /metrics has all metrics
 * }                                      // closed in reverse order
 * }</pre>
 *
 * <p>Every service is built (its settings parsed and checked) by {@link #create}, before anything connects, so a
 * bad value fails naming its key with nothing started. Topics are never created here.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** The services, in the order data flows through them (and they are started). */
    public enum Role {
        /** Validates, de-duplicates and dead-letters {@code interactions} ({@link IngestApp}). */
        INGEST,
        /** Labels valid interactions ({@link TeacherService}). */
        TEACHER,
        /** Distils soft labels into recommendations and metrics ({@link StudentApp}). */
        STUDENT,
        /** Serves recommendations over HTTP ({@link EdgeApp}). */
        EDGE;

        /** {@code ingest}, {@code teacher}, ... */
        public String serviceName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Role, PipelineService> services;
    private final PrometheusRegistry registry;
    private final EdgeApp edge;
    private final List<MetricsRegistration> registrations = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean started;

    private Pipeline(final Map<Role, PipelineService> services, final PrometheusRegistry registry, final EdgeApp edge) {
        this.services = services;
        this.registry = registry;
        this.edge = edge;
    }

    /**
     * Builds the services of {@code roles} from {@code settings}; connects to nothing, binds nothing.
     *
     * @param settings every service's settings in one map (each reads its own keys and the Kafka client keys)
     * @param clock    the services' clock
     * @param roles    which services to run
     * @param registry where the services' metrics go (the edge serves it on {@code /metrics})
     * @throws ConfigException naming the key of an invalid or missing setting; nothing is left open
     */
    public static Pipeline create(final Map<String, ?> settings, final Clock clock, final Collection<Role> roles,
                                  final PrometheusRegistry registry) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one service");
        }
        final Map<Role, PipelineService> services = new EnumMap<>(Role.class);
        EdgeApp edge = null;
        try {
            for (final Role role : EnumSet.copyOf(roles)) {
                switch (role) {
                    case INGEST -> {
                        final IngestApp ingest = new IngestApp(settings, clock);
                        services.put(role, new StreamsPipelineService(role.serviceName(), ingest,
                            metrics -> metrics.addKafkaMetrics(ingest::metrics)));
                    }
                    case TEACHER -> services.put(role, new TeacherService(settings, clock));
                    case STUDENT -> {
                        final StudentApp student = new StudentApp(settings, clock);
                        services.put(role, new StreamsPipelineService(role.serviceName(), student,
                            metrics -> metrics.addKafkaMetrics(student::metrics)));
                    }
                    case EDGE -> {
                        // the edge adds its view's metrics to the registry itself when it starts
                        edge = new EdgeApp(settings, registry);
                        services.put(role, new StreamsPipelineService(role.serviceName(), edge, metrics -> () -> { }));
                    }
                }
            }
        } catch (final RuntimeException e) {
            services.values().forEach(Pipeline::closeQuietly);
            throw e;
        }
        return new Pipeline(services, registry, edge);
    }

    /**
     * Starts the services in pipeline order and registers their metrics; with the edge, adds every other service to
     * its {@code /health}. If one fails to start, every service is closed.
     *
     * @throws io.distill.schemas.DistillException naming missing topics or a busy port
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (closed.get() || started) {
            throw new IllegalStateException("a pipeline can be started once; it is " + (closed.get() ? "closed" : "started"));
        }
        started = true;
        try {
            for (final PipelineService service : services.values()) {
                registrations.add(service.registerMetrics(registry));
                LOG.info("Starting the {}", service.name());
                service.start();
            }
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
        if (edge != null) {
            for (final PipelineService service : services.values()) {
                if (!service.name().equals(Role.EDGE.serviceName())) {
                    edge.server().addHealthComponent(service.name(), service::health);
                }
            }
        }
    }

    /** The service of {@code role}, if this pipeline runs it. */
    public Optional<PipelineService> service(final Role role) {
        return Optional.ofNullable(services.get(role));
    }

    /** The services, in pipeline order. */
    public List<PipelineService> services() {
        return List.copyOf(services.values());
    }

    /** The edge, if this pipeline runs it: its URL, server and view. */
    public Optional<EdgeApp> edge() {
        return Optional.ofNullable(edge);
    }

    /** The registry the services' metrics are in. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Why a service stopped on its own, for the first that did, in pipeline order. */
    public Optional<String> failure() {
        for (final PipelineService service : services.values()) {
            final Optional<String> failure = service.failure();
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    /** Each service's health, in pipeline order. */
    public Map<String, ComponentHealth> health() {
        final Map<String, ComponentHealth> health = new LinkedHashMap<>();
        services.values().forEach(service -> health.put(service.name(), service.health()));
        return health;
    }

    /**
     * Closes the services in reverse pipeline order (each finishes its open transaction), then their metrics. Idempotent:
     * a second call, also from another thread, returns at once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final List<PipelineService> reverse = new ArrayList<>(services.values());
        Collections.reverse(reverse);
        for (final PipelineService service : reverse) {
            LOG.info("Stopping the {}", service.name());
            closeQuietly(service);
        }
        registrations.forEach(MetricsRegistration::close);
    }

    private static void closeQuietly(final PipelineService service) {
        try {
            service.close();
        } catch (final RuntimeException e) {
            LOG.warn("Closing the {} failed: {}", service.name(), e.toString());
        }
    }
}
