package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flowgate.config.Config;
import io.flowgate.core.FlowgateException;
import io.flowgate.engine.ExecutionQuery;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.flowgate.core.Json;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API, status API and ops endpoints on Javalin (virtual threads). Build it with its
 * dependencies, {@link #start()}, read {@link #port()} (a configured port 0 picks a free one),
 * {@link #stop()}.
 */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiDependencies deps;
    private final Duration heartbeat;
    private volatile Javalin app;
    private volatile ExecutionStream streams;
    private volatile List<Routes.Route> routes = List.of();
    private volatile List<DeclaredRoute> consoleRoutes = List.of();

    public ApiServer(ApiDependencies deps) {
        this(deps, ExecutionStream.DEFAULT_HEARTBEAT);
    }

    /** {@code heartbeat}: how often a quiet status stream sends a comment line. */
    public ApiServer(ApiDependencies deps, Duration heartbeat) {
        this.deps = deps;
        this.heartbeat = heartbeat;
    }

    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("The API server is already started");
        }
        Config config = deps.config();
        RequestBodies bodies = new RequestBodies(config.maxBodyBytes());
        StatusDocuments statusDocs = deps.deliveries() == null ? new StatusDocuments(deps.clock())
                : new StatusDocuments(deps.clock(), deps.deliveries().store()::forExecution);
        WorkflowDocuments workflowDocs = new WorkflowDocuments(this::publicUrl);
        WorkflowLookup lookup = new WorkflowLookup(deps.workflows());
        ExecutionHandlers executions = new ExecutionHandlers(deps.executions(), lookup, statusDocs, bodies);
        ExecutionStream stream = new ExecutionStream(deps.executions(), executions, statusDocs, heartbeat);
        Routes.Handlers handlers = new Routes.Handlers(
                new WorkflowHandlers(deps.workflows(), deps.parser(), workflowDocs, bodies, w -> deps.executions()
                        .list(new ExecutionQuery(w.team(), w.id(), null, null, null, null, null, 1, null))
                        .items().stream().findFirst().map(statusDocs::summary).orElse(null)),
                executions,
                stream,
                new SecretHandlers(deps.secrets(), bodies),
                new KeyHandlers(deps.keys(), bodies),
                new OpsHandlers(deps.registry(), deps.ready(), deps.storeTrouble()),
                new ScheduleHandlers(deps.schedules(), bodies, deps.clock()),
                new HookHandlers(deps.webhooks(), bodies),
                new BoomerangHandlers(deps.webhooks(), bodies, statusDocs),
                new WebhookAdminHandlers(deps.webhooks(), deps.workflows(), lookup, bodies, this::publicUrl),
                new DeliveryHandlers(deps.deliveries(), lookup, deps.clock()),
                new EventHandlers(deps.events(), deps.executions(), bodies),
                new ClusterHandlers(deps.cluster(), deps.registry()),
                deps.brokers() == null ? new BrokerHandlers(null, null, bodies)
                        : new BrokerHandlers(deps.brokers().connections(), deps.brokers().sources(), bodies));
        ConsoleRoutes console = new ConsoleRoutes(deps.webhooks(), bodies);
        Access access = new Access(deps.keys());
        ErrorMapper errors = new ErrorMapper();

        Javalin created = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            if (LOG.isDebugEnabled()) {
                // Javalin times and wraps every request once a request logger is set: only pay for it when
                // the lines are wanted (FLOWGATE_LOG_LEVEL=DEBUG at start).
                cfg.requestLogger.http((ctx, ms) -> LOG.debug("{} {} {} {}ms", ctx.method(), ctx.path(),
                        ctx.statusCode(), Math.round(ms)));
            }
            // The hot routes skip Javalin's servlet layer (HotRoutes); Javalin puts its own handler inside this one.
            HotRoutes hot = new HotRoutes(executions, deps.webhooks(), deps.keys(), config.maxBodyBytes());
            cfg.jetty.modifyServer(server -> {
                server.setHandler(hot);
                server.setErrorHandler(new JettyErrors());
            });
            cfg.routes.before(Routes.API + "/*", access::authenticate);
            cfg.routes.before(bodies::checkDeclaredLength);
            routes = Routes.install(cfg.routes, handlers);
            consoleRoutes = console.install(cfg.routes);
            cfg.routes.exception(FlowgateException.class, errors::flowgate);
            cfg.routes.exception(JsonProcessingException.class, errors::invalidJson);
            cfg.routes.exception(HttpResponseException.class, errors::http);
            cfg.routes.exception(Exception.class, errors::unexpected);
        });
        created.start(config.host(), config.port());
        app = created;
        streams = stream;
        LOG.info("API listening on http://{}:{}", config.host(), created.port());
        return this;
    }

    public synchronized void stop() {
        if (app != null) {
            streams.closeAll();
            app.stop();
            app = null;
        }
    }

    public int port() {
        Javalin running = app;
        if (running == null) {
            throw new IllegalStateException("The API server is not started");
        }
        return running.port();
    }

    /** The base URL shown in hook URLs: the configured public URL, else this server's own address. */
    public String publicUrl() {
        String configured = deps.config().publicUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://" + deps.config().host() + ":" + port();
    }

    /** Status streams currently open (for tests and diagnostics). */
    int openStreams() {
        return streams == null ? 0 : streams.openStreams();
    }

    /**
     * Every route the server answers — API, ops, hooks and console — with the role each needs (null: no key),
     * for checks that must cover every route.
     */
    public List<DeclaredRoute> routeTable() {
        List<DeclaredRoute> all = new java.util.ArrayList<>();
        routes.forEach(r -> all.add(new DeclaredRoute(r.method(), r.path(), r.role() == null ? null : r.role().wire())));
        all.addAll(consoleRoutes);
        return List.copyOf(all);
    }

    /** Every declared API route (method, path, role), for documentation checks. */
    List<Routes.Route> routes() {
        return routes;
    }
}
