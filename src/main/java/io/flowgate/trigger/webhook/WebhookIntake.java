package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Backlog;
import io.flowgate.core.ConflictException;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.engine.Execution;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.Executions;
import io.flowgate.expr.TriggerData;
import io.flowgate.store.WebhookStore.IdempotencyClaim;
import io.flowgate.store.WebhookStore.IdempotentReply;
import io.flowgate.store.WebhookStore.RequestEntry;
import io.flowgate.store.WebhookStore.TokenRow;
import io.flowgate.store.RetentionStore;
import io.flowgate.store.WebhookStore;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries out one inbound request (docs/triggers.md#inbound-webhooks-and-the-rest-api-trigger-issue-3):
 * resolve the hook from the store, check method and path, authenticate, rate-limit, parse, check parameters
 * and condition, honour idempotency, then start the execution with its request-log row (and idempotency
 * record) in the same commit and answer per the response mode. Every request to an existing workflow is
 * logged, refused ones too.
 */
public final class WebhookIntake implements AutoCloseable {
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = WebhookTrigger.DEFAULT_IDEMPOTENCY_TTL;
    /**
     * Request-log cap: at most this many entries per workflow stay (entries past the retention are pruned with the
     * rest of the history, docs/operations.md#retention).
     */
    public static final int KEEP_PER_WORKFLOW = 1000;
    public static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    static final int PRUNE_BATCH = 100;
    static final Duration PRUNE_REST = Duration.ofMillis(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookIntake.class);
    private static final String STANDARD_HEADER = "Idempotency-Key";

    private final WorkflowStore workflows;
    private final Executions executions;
    private final WebhookStore store;
    private final WebhookCredentials credentials;
    private final Supplier<Map<String, String>> secrets;
    private final Clock clock;
    private final SyncResponder sync;
    private final Authenticator auth;
    private final RateLimiter limiter;
    private final Captures captures;
    private final HookCatalog catalog;
    private final java.util.concurrent.ScheduledExecutorService housekeeping = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("flowgate-webhook-log").factory());

    public WebhookIntake(WorkflowStore workflows, Executions executions, WebhookStore store,
                         WebhookCredentials credentials, Supplier<Map<String, String>> secrets, Clock clock,
                         Function<ExecutionView, JsonNode> statusDocument) {
        this.workflows = workflows;
        this.executions = executions;
        this.store = store;
        this.credentials = credentials;
        this.secrets = secrets;
        this.clock = clock;
        this.sync = new SyncResponder(executions, statusDocument);
        this.auth = new Authenticator(credentials, secrets, clock);
        this.limiter = new RateLimiter(clock);
        this.captures = new Captures(store, clock);
        this.catalog = new HookCatalog(workflows);
    }

    /** {@code ANY /hooks/{hookId}[/{sub-path}]}. An unknown hook id is a 404 (and nothing is logged). */
    public WebhookReply hook(String hookId, InboundRequest req) throws InterruptedException {
        WorkflowSummary w = workflows.findByHookId(hookId).orElseThrow(() -> new NotFoundException("hook", hookId));
        Instant received = clock.instant();
        try {
            WorkflowRevision rev = catalog.revision(w, HookCatalog.revisionParam(req));
            WebhookTrigger t = catalog.trigger(rev).orElseThrow(() -> new NotFoundException("hook", hookId));
            if (!t.allows(req.method())) {
                return refused(w, req, received, WebhookReply.error(405, "method_not_allowed",
                        "Method " + req.method() + " is not allowed on this hook")
                        .withHeader("Allow", String.join(", ", t.methods())));
            }
            Map<String, String> pathParams = t.path().match(req.subPath())
                    .orElseThrow(() -> new NotFoundException("hook path", req.subPath()));
            return process(w, rev, t, t.auth(), req, pathParams, false, received);
        } catch (FlowgateException e) {
            return refused(w, req, received, WebhookReply.of(e));
        }
    }

    /** A hook's public form with the workflow's name as its default title; empty when the hook has none. */
    public Optional<WebhookForm> form(String hookId) {
        Optional<WorkflowSummary> w = workflows.findByHookId(hookId);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        WorkflowRevision rev = catalog.revision(w.get(), null);
        JsonNode node = rev.definition().triggers() == null ? null : rev.definition().triggers().webhook();
        return WebhookForm.of(node).map(f -> f.title() != null ? f
                : new WebhookForm(w.get().name() != null ? w.get().name() : w.get().id(), f.description(), f.fields()));
    }

    /**
     * A submitted public form: its fields become the JSON body of a POST to the hook, which then runs exactly
     * as a webhook call would (auth, parameter checks, idempotency, request log, response mode).
     */
    public WebhookReply submitForm(String hookId, Map<String, List<String>> fields, InboundRequest browser)
            throws InterruptedException {
        WebhookForm form = form(hookId).orElseThrow(() -> new NotFoundException("form", hookId));
        byte[] body = Json.write(form.body(fields)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>(browser.headers());
        headers.remove("content-length");
        headers.put("content-type", List.of("application/json"));
        return hook(hookId, new InboundRequest("POST", browser.path(), "", Map.of(), headers, body, "application/json"));
    }

    /** Boomerang's {@code POST /webhook/payload}: the token (body, bearer or query) names the workflow. */
    public WebhookReply payload(InboundRequest req) throws InterruptedException {
        RequestBody.Parsed parsed = RequestBody.parse(req.contentType(), req.body());
        TokenRow token = auth.anyToken(req, parsed.body())
                .orElseThrow(() -> new UnauthorizedException("Authentication failed", "Bearer realm=\"flowgate\""));
        WorkflowSummary w = workflows.find(token.team(), token.workflowId())
                .orElseThrow(() -> new UnauthorizedException("Authentication failed", "Bearer realm=\"flowgate\""));
        Instant received = clock.instant();
        try {
            WorkflowRevision rev = catalog.revision(w, null);
            WebhookTrigger t = catalog.trigger(rev).orElse(WebhookTrigger.defaults());
            return process(w, rev, t, WebhookAuth.NONE, req, Map.of(), true, received);
        } catch (FlowgateException e) {
            return refused(w, req, received, WebhookReply.of(e));
        }
    }

    /** Boomerang's {@code GET /webhook/status/{id}}: only executions of the token's own workflow (else 404). */
    public ExecutionView status(String executionId, InboundRequest req) {
        RequestBody.Parsed parsed = RequestBody.parse(req.contentType(), req.body());
        TokenRow token = auth.anyToken(req, parsed.body())
                .orElseThrow(() -> new UnauthorizedException("Authentication failed", "Bearer realm=\"flowgate\""));
        return executions.get(executionId)
                .filter(v -> v.execution().team().equals(token.team())
                        && v.execution().workflowId().equals(token.workflowId()))
                .orElseThrow(() -> new NotFoundException("execution", executionId));
    }

    /** Waits up to {@code timeout} (≤ 3 minutes) for the next request on a workflow's hook; its proposed params. */
    public Optional<ObjectNode> capture(String team, String workflowId, Duration timeout) throws InterruptedException {
        return captures.await(team + "/" + workflowId, timeout).map(trigger -> {
            ObjectNode out = Json.object();
            out.set("request", trigger);
            out.set("params", ParamCheck.propose(trigger));
            return out;
        });
    }

    /**
     * Follows capture sessions opened on other nodes (so a request landing here is captured for them) and
     * limits rates as one of {@code liveNodes} nodes sharing each limit. Call before {@link #start()}.
     */
    public void joinCluster(io.flowgate.store.ClusterSignals signals, java.util.function.IntSupplier liveNodes) {
        captures.listen(signals);
        limiter.shareWith(liveNodes);
    }

    /** Starts capping the request log (and dropping expired idempotency records) every {@link #PRUNE_EVERY}. */
    public void start() {
        long every = PRUNE_EVERY.toMillis();
        housekeeping.scheduleWithFixedDelay(this::prune, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Applies the cap once, {@link #PRUNE_BATCH} rows per write, resting between writes as long as each took (at
     * least {@link #PRUNE_REST}), so a minute's worth of a high rate never holds the writer for long; returns the
     * rows deleted. The loop never dies on a failure.
     */
    public int prune() {
        try {
            Instant now = clock.instant();
            int deleted = Backlog.drain(PRUNE_BATCH, PRUNE_REST, () -> store.pruneExpiredKeys(now, PRUNE_BATCH),
                    n -> { });
            for (RetentionStore.WorkflowKey w : store.loggedWorkflows()) {
                deleted += Backlog.drain(PRUNE_BATCH, PRUNE_REST,
                        () -> store.capRequests(w, KEEP_PER_WORKFLOW, PRUNE_BATCH), n -> { });
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.warn("Pruning the webhook request log failed", e);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
    }

    /** A page of the request log, newest first; {@code cursor} is a previous page's {@code next} (null: the first). */
    public Page<RequestEntry> requests(String team, String workflowId, String cursor, int limit) {
        return store.requests(team, workflowId, cursor, limit);
    }

    public WebhookCredentials credentials() {
        return credentials;
    }

    /**
     * One request on its way through the stages of {@link #process}. Each stage reads what the stages before it
     * filled in and either fills in its own part or answers with a refusal.
     */
    private static final class Pass {
        final WorkflowSummary w;
        final WorkflowRevision rev;
        final WebhookTrigger t;
        final WebhookAuth authMode;
        final InboundRequest req;
        final Map<String, String> pathParams;
        final boolean boomerang;
        final Instant received;
        RequestBody.Parsed parsed;
        ObjectNode headers;
        ObjectNode trigger;
        String key;

        Pass(WorkflowSummary w, WorkflowRevision rev, WebhookTrigger t, WebhookAuth authMode, InboundRequest req,
             Map<String, String> pathParams, boolean boomerang, Instant received) {
            this.w = w;
            this.rev = rev;
            this.t = t;
            this.authMode = authMode;
            this.req = req;
            this.pathParams = pathParams;
            this.boomerang = boomerang;
            this.received = received;
        }

        /** Parsed once, by whichever stage needs the body first (the token may be a body field). */
        RequestBody.Parsed parsed() {
            if (parsed == null) {
                parsed = RequestBody.parse(req.contentType(), req.body());
            }
            return parsed;
        }
    }

    /**
     * The pipeline after resolve and method: authenticate (and rate-limit), parse into the trigger's data pills,
     * capture, parameters, condition, idempotency, then persist with its log row and reply. A refusal from any
     * stage is logged here, once.
     */
    private WebhookReply process(WorkflowSummary w, WorkflowRevision rev, WebhookTrigger t, WebhookAuth authMode,
                                 InboundRequest req, Map<String, String> pathParams, boolean boomerang,
                                 Instant received) throws InterruptedException {
        Pass p = new Pass(w, rev, t, authMode, req, pathParams, boomerang, received);
        WebhookReply refusal = authenticate(p);
        if (refusal == null) {
            parse(p);
            refusal = capture(p);
        }
        if (refusal == null) {
            ParamCheck.check(t.params(), p.trigger);
            refusal = condition(p);
        }
        if (refusal == null) {
            refusal = idempotency(p);
        }
        return refusal != null ? refused(w, req, received, refusal) : persistAndReply(p);
    }

    /** The trigger's auth, then its rate limit per token. */
    private WebhookReply authenticate(Pass p) {
        if (p.authMode.type() == WebhookAuth.Type.TOKEN && p.req.queryParam("token") == null) {
            p.parsed(); // the token may be a body field
        }
        String tokenId = auth.check(p.authMode, p.w, p.req, p.parsed == null ? null : p.parsed.body());
        if (tokenId == null && p.boomerang) {
            tokenId = auth.anyToken(p.req, p.parsed().body()).map(TokenRow::id).orElse(null);
        }
        if (p.t.rateLimit() != null && tokenId != null) {
            long wait = limiter.tryAcquire(tokenId, p.t.rateLimit());
            if (wait > 0) {
                return WebhookReply.error(429, "rate_limited", "Too many requests for this token")
                        .withHeader("Retry-After", Long.toString(wait));
            }
        }
        return null;
    }

    /** The body (without a token field), headers, query and path parameters as the trigger's data pills. */
    private void parse(Pass p) {
        JsonNode body = p.parsed().body();
        if ((p.boomerang || p.authMode.type() == WebhookAuth.Type.TOKEN) && body != null && body.isObject()
                && body.has("token")) {
            ObjectNode copy = body.deepCopy();
            copy.remove("token");
            body = copy;
        }
        p.headers = RequestLog.headers(p.req.headers());
        p.trigger = TriggerData.webhook(p.req.subPath().isEmpty() ? null : p.req.subPath(),
                RequestLog.query(p.req.query()), p.headers, body, p.parsed.raw()).toJson();
        p.trigger.set("pathParams", Json.valueToTree(p.pathParams));
    }

    /** An editor waiting to capture a sample request gets this one instead of a run. */
    private WebhookReply capture(Pass p) {
        if (!p.boomerang && captures.offer(p.w.team() + "/" + p.w.id(), p.trigger)) {
            ObjectNode captured = Json.object();
            captured.put("captured", true);
            return WebhookReply.json(200, captured);
        }
        return null;
    }

    private WebhookReply condition(Pass p) {
        if (p.t.condition() != null && !p.t.condition().test(conditionContext(p.trigger), clock)) {
            ObjectNode skipped = Json.object();
            skipped.put("triggered", false);
            return WebhookReply.json(200, skipped);
        }
        return null;
    }

    /** A key seen before answers what its first request was answered. */
    private WebhookReply idempotency(Pass p) {
        p.key = idempotencyKey(p.t, p.authMode, p.req);
        if (p.key != null) {
            Optional<IdempotentReply> first = store.idempotent(p.w.team(), p.w.id(), p.key, p.received);
            if (first.isPresent()) {
                return replay(first.get());
            }
        }
        return null;
    }

    /**
     * Starts the run with its request-log row (and idempotency record) in one commit, then answers per the
     * response mode: static, 202, or — sync — once a {@code respond} step or the end is committed.
     */
    private WebhookReply persistAndReply(Pass p) throws InterruptedException {
        WorkflowSummary w = p.w;
        Duration ttl = p.t.idempotency() == null ? DEFAULT_IDEMPOTENCY_TTL : p.t.idempotency().ttl();
        WebhookResponse response = p.boomerang ? WebhookResponse.ASYNC : p.t.response();
        WebhookReply fixed = response.mode() == WebhookResponse.Mode.STATIC
                ? StaticReply.render(response, p.trigger, clock) : null;
        int initialStatus = fixed != null ? fixed.status() : 202;
        IdempotencyClaim claim = p.key == null ? null
                : new IdempotencyClaim(p.key, initialStatus, fixed == null ? null : fixed.body(), p.received.plus(ttl));
        // Multipart and binary bodies have no text form here (raw is null or base64): the log makes its own.
        JsonNode parsedBody = p.parsed.body();
        String text = parsedBody != null && parsedBody.isObject() && parsedBody.has("base64") ? null : p.parsed.raw();
        RequestEntry entry = RequestLog.entry(clock, w, p.received, p.req, p.headers, parsedBody, text, initialStatus,
                null);
        Optional<Execution> started = executions.startWith(w.team(), w.id(), p.rev.revision(), TriggerKind.WEBHOOK,
                p.trigger, null, store.acceptedWrites(w.team(), w.id(), claim, p.received, entry));
        if (started.isEmpty()) {
            // A concurrent duplicate won the key between our check and our write: answer what it answered.
            IdempotentReply first = store.idempotent(w.team(), w.id(), p.key, clock.instant())
                    .orElseThrow(() -> new ConflictException("idempotency_conflict",
                            "A request with this idempotency key is being processed; retry"));
            return refused(w, p.req, p.received, replay(first));
        }
        String id = started.get().id();
        if (fixed != null) {
            return fixed;
        }
        if (response.mode() != WebhookResponse.Mode.SYNC) {
            return WebhookReply.accepted(id);
        }
        WebhookReply answer = sync.await(id, p.rev.definition(), response);
        if (answer.status() != initialStatus) {
            // Off the async path: only sync replies learn their status after the insert.
            store.updateRequestStatus(entry.id(), answer.status());
            if (p.key != null) {
                store.updateReply(w.team(), w.id(), p.key, answer.status(), answer.body());
            }
        }
        return answer;
    }

    private WebhookReply replay(IdempotentReply first) {
        if (first.body() == null && first.executionId() != null) {
            WebhookReply accepted = WebhookReply.accepted(first.executionId());
            return new WebhookReply(first.status(), accepted.headers(), accepted.body());
        }
        return new WebhookReply(first.status(), Map.of(), first.body());
    }

    /** The condition sees the trigger pills both at top level ({@code body.x}) and as {@code trigger.body.x}. */
    private static JsonNode conditionContext(ObjectNode trigger) {
        ObjectNode ctx = trigger.deepCopy();
        ctx.set("trigger", trigger);
        return ctx;
    }

    private static String idempotencyKey(WebhookTrigger t, WebhookAuth authMode, InboundRequest req) {
        String header = t.idempotency() == null ? STANDARD_HEADER : t.idempotency().header();
        String key = req.header(header.toLowerCase(java.util.Locale.ROOT));
        if (key == null && authMode.type() == WebhookAuth.Type.HMAC && Signatures.STANDARD.equals(authMode.scheme())) {
            key = req.header("webhook-id");
        }
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw new BadRequestException("invalid_idempotency_key", "An idempotency key must be 1 to 255 characters");
        }
        return key;
    }

    private WebhookReply refused(WorkflowSummary w, InboundRequest req, Instant received, WebhookReply reply) {
        String executionId = reply.body() != null && reply.body().has("activityId")
                ? reply.body().get("activityId").asText() : null;
        store.log(RequestLog.entry(clock, w, received, req, null, reply.status(), executionId));
        return reply;
    }
}
