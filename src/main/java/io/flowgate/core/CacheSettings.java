package io.flowgate.core;

import java.time.Duration;

/**
 * Every in-memory cache's size and lifetime, in one place. None is user-facing: each bounds memory on
 * a node or says how long another node's change may go unseen here, and is tuned by editing this file.
 * {@link Caches} builds the caches; a full cache evicts its least useful entries (Caffeine's
 * W-TinyLFU), never everything at once.
 */
public final class CacheSettings {
    /** How long a credential lookup (API key, webhook token or secret, signing secret) is reused. */
    public static final Duration DEFAULT_CREDENTIAL_TTL = Duration.ofSeconds(5);
    /**
     * How long the decrypted snapshot of all named secrets ({@code secrets.NAME}) is reused: one value, not a
     * keyed cache, so it is a volatile field in {@code SecretService} rather than a Caffeine cache.
     */
    public static final Duration DEFAULT_NAMED_SECRETS_TTL = Duration.ofSeconds(10);

    /** Workflow revisions (immutable) the engine keeps parsed, by (team, workflow, revision). */
    public static final long DEFAULT_ENGINE_REVISIONS = 10_000;
    /** Workflow revisions the webhook intake keeps, and their parsed webhook triggers. */
    public static final long DEFAULT_HOOK_REVISIONS = 10_000;
    /** Compiled JSONata expressions, by source text. */
    public static final long DEFAULT_EXPRESSIONS = 2_048;
    /** Compiled {@code {{ }}} templates, by text. */
    public static final long DEFAULT_TEMPLATES = 2_048;
    /** Parsed schedule entries (cron expression, zone, policies), by their JSON. */
    public static final long DEFAULT_SCHEDULE_SPECS = 100_000;
    /** Next fire times one cron expression remembers, by (after, zone). */
    public static final long DEFAULT_CRON_NEXT_TIMES = 1_024;
    /** Webhook rate-limit token buckets, by token or address; an evicted bucket restarts full. */
    public static final long DEFAULT_RATE_LIMIT_BUCKETS = 100_000;
    /** Webhook token lookups, unknown tokens included, so random junk cannot grow the cache forever. */
    public static final long DEFAULT_WEBHOOK_TOKENS = 100_000;
    /** Workflows whose decrypted HMAC secrets (inbound) or signing secrets (outbound) are kept. */
    public static final long DEFAULT_WORKFLOW_SECRETS = 10_000;
    /**
     * Workflow heads (latest revision, hook id) by id and by hook id, on SQLite only: there one process owns the
     * database, so every change passes through the store that clears them and none goes unseen.
     */
    public static final long DEFAULT_WORKFLOW_HEADS = 10_000;
    /** Authenticated API keys. */
    public static final long DEFAULT_API_KEYS = 10_000;
    /** Per open executions stream: the last status sent for the most recent executions (repeats are skipped). */
    public static final long DEFAULT_STREAM_SENT_STATUSES = 512;

    private CacheSettings() {}
}
