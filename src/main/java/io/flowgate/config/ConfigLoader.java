package io.flowgate.config;

import io.flowgate.core.FlowgateException;
import io.flowgate.core.Problem;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the one {@link Config} of a node: a flag wins over its environment variable, which wins
 * over the default constant in {@link Config}. Every setting is checked before anything starts,
 * and all problems are reported together, each naming the flag and variable to change.
 */
public final class ConfigLoader {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern LEASE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");
    private static final Duration MIN_LEASE = Duration.ofSeconds(1);
    private static final Duration MAX_LEASE = Duration.ofMinutes(10);
    private static final Pattern RETENTION = Pattern.compile("(\\d{1,9})\\s*(m|h|d)");
    private static final Duration MIN_RETENTION = Duration.ofMinutes(1);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?", Pattern.CASE_INSENSITIVE);

    /** Values given on the command line; null means "not given". */
    public record Flags(String port, String host, String data, String db, String workflows, String nodeId,
            String publicUrl, String allowOutbound, String maxBody, String lease, String retention) {
        public Flags(String port, String host, String data, String db, String workflows, String nodeId,
                String publicUrl, String allowOutbound, String maxBody, String lease) {
            this(port, host, data, db, workflows, nodeId, publicUrl, allowOutbound, maxBody, lease, null);
        }

        public Flags(String port, String host, String data, String db, String workflows, String nodeId,
                String publicUrl, String allowOutbound, String maxBody) {
            this(port, host, data, db, workflows, nodeId, publicUrl, allowOutbound, maxBody, null, null);
        }

        public static Flags none() {
            return new Flags(null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** Every problem found in the settings, each with the flag and variable it came from. */
    public static final class InvalidConfigException extends FlowgateException {
        private final List<Problem> problems;

        InvalidConfigException(List<Problem> problems) {
            super("invalid_config", problems.size() == 1 ? problems.getFirst().message()
                    : "The configuration has " + problems.size() + " problems", Map.of(), null);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private final Map<String, String> env;
    private final Supplier<String> hostname;

    /** @param env the process environment, passed in so tests never read the real one */
    public ConfigLoader(Map<String, String> env) {
        this(env, () -> DefaultNodeId.hostname(env));
    }

    ConfigLoader(Map<String, String> env, Supplier<String> hostname) {
        this.env = Map.copyOf(env);
        this.hostname = hostname;
    }

    public Config load(Flags flags) {
        List<Problem> problems = new ArrayList<>();
        String host = pick(flags.host(), "FLOWGATE_HOST", Config.DEFAULT_HOST).trim();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            problems.add(problem("host", "must be a host name or address, got '" + host + "'"));
        }
        int port = parsePort(pick(flags.port(), "FLOWGATE_PORT", null), problems);
        Path dataDir = parsePath(flags.data(), "FLOWGATE_DATA", "data", Config.DEFAULT_DATA_DIR, problems);
        Path workflowsDir = parsePath(flags.workflows(), "FLOWGATE_WORKFLOWS", "workflows",
                Config.DEFAULT_WORKFLOWS_DIR, problems);
        String db = parseDb(pick(flags.db(), "FLOWGATE_DB", null), problems);
        String nodeId = pick(flags.nodeId(), "FLOWGATE_NODE_ID", null);
        if (nodeId == null) {
            nodeId = DefaultNodeId.of(hostname.get(), port);
        } else if (!NODE_ID.matcher(nodeId).matches()) {
            problems.add(problem("node-id",
                    "must be 1..64 letters, digits, '.', '_' or '-', got '" + nodeId + "'"));
        }
        List<String> allow = parseCidrs(pick(flags.allowOutbound(), "FLOWGATE_ALLOW_OUTBOUND", ""), problems);
        long maxBody = parseSize(pick(flags.maxBody(), "FLOWGATE_MAX_BODY", null), problems);
        String publicUrl = parsePublicUrl(pick(flags.publicUrl(), "FLOWGATE_PUBLIC_URL", null), host, port,
                problems);
        Duration lease = parseLease(pick(flags.lease(), "FLOWGATE_LEASE", null), problems);
        Duration retention = parseRetention(pick(flags.retention(), "FLOWGATE_RETENTION", null), problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new Config(host, port, dataDir, db, workflowsDir, nodeId, publicUrl, allow, maxBody,
                lease, Config.DEFAULT_WORKER_CONCURRENCY, retention);
    }

    /** One line for the start-up log; a password in the JDBC URL is masked. */
    public static String describe(Config c) {
        return "host=" + c.host() + " port=" + c.port() + " data=" + c.dataDir().toAbsolutePath()
                + " db=" + maskPassword(c.jdbcUrl()) + " workflows=" + c.workflowsDir().toAbsolutePath()
                + " node=" + c.nodeId() + " publicUrl=" + (c.publicUrl() == null ? "(after bind)" : c.publicUrl())
                + " allowOutbound=" + (c.allowOutbound().isEmpty() ? "none" : String.join(",", c.allowOutbound()))
                + " maxBody=" + c.maxBodyBytes() + " lease=" + c.leaseDuration() + " workers=" + c.workerConcurrency()
                + " retention=" + c.retention();
    }

    static String maskPassword(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }

    private String pick(String flag, String envName, String fallback) {
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(envName);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
    }

    private static Problem problem(String flag, String message) {
        String setting = "--" + flag + " / FLOWGATE_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
        return Problem.at(setting, setting + " " + message);
    }

    /** ISO-8601 ({@code PT15S}) or a number with a unit ({@code 15s}, {@code 500ms}, {@code 1m}). */
    static Duration parseLease(String raw, List<Problem> problems) {
        if (raw == null) {
            return Config.DEFAULT_LEASE;
        }
        Duration lease = null;
        String text = raw.trim().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = LEASE.matcher(text);
        try {
            if (text.startsWith("p")) {
                lease = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                lease = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            }
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            lease = null;
        }
        if (lease == null || lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            problems.add(problem("lease", "must be a duration from 1s to 10m such as 15s or PT15S, got '" + raw + "'"));
            return Config.DEFAULT_LEASE;
        }
        return lease;
    }

    /** ISO-8601 ({@code P30D}, {@code PT12H}) or a number with a unit ({@code 30d}, {@code 12h}, {@code 90m}). */
    static Duration parseRetention(String raw, List<Problem> problems) {
        if (raw == null) {
            return Config.DEFAULT_RETENTION;
        }
        Duration keep = null;
        String text = raw.trim();
        java.util.regex.Matcher m = RETENTION.matcher(text.toLowerCase(Locale.ROOT));
        try {
            if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                keep = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                keep = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        } catch (java.time.format.DateTimeParseException | NumberFormatException | ArithmeticException e) {
            keep = null;
        }
        if (keep == null || keep.compareTo(MIN_RETENTION) < 0) {
            problems.add(problem("retention", "must be a duration of at least 1 minute such as P30D, 30d or 12h, got '"
                    + raw + "'"));
            return Config.DEFAULT_RETENTION;
        }
        return keep;
    }

    private static int parsePort(String raw, List<Problem> problems) {
        if (raw == null) {
            return Config.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(raw.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as an out-of-range number
        }
        problems.add(problem("port", "must be 0..65535, got '" + raw + "'"));
        return Config.DEFAULT_PORT;
    }

    private Path parsePath(String flag, String envName, String name, Path fallback, List<Problem> problems) {
        String raw = pick(flag, envName, null);
        if (raw == null) {
            return fallback;
        }
        try {
            if (!raw.isBlank()) {
                return Path.of(raw.trim());
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        problems.add(problem(name, "must be a directory path, got '" + raw + "'"));
        return fallback;
    }

    private static String parseDb(String raw, List<Problem> problems) {
        if (raw == null) {
            return null;
        }
        String url = raw.trim();
        if (url.startsWith("jdbc:sqlite:") && url.length() > "jdbc:sqlite:".length()
                || url.startsWith("jdbc:postgresql:") && url.length() > "jdbc:postgresql:".length()) {
            return url;
        }
        problems.add(problem("db", "must be a JDBC URL starting with jdbc:sqlite: or jdbc:postgresql:, got '"
                + maskPassword(url) + "'"));
        return null;
    }

    private static List<String> parseCidrs(String raw, List<Problem> problems) {
        List<String> cidrs = new ArrayList<>();
        for (String part : raw.split(",")) {
            String cidr = part.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            String normalised = normaliseCidr(cidr);
            if (normalised == null) {
                problems.add(problem("allow-outbound",
                        "must be a comma-separated list of CIDRs like 127.0.0.0/8 or ::1/128, got '" + cidr + "'"));
            } else {
                cidrs.add(normalised);
            }
        }
        return cidrs;
    }

    /** A CIDR as given, or a bare address as a one-host range; null when malformed. */
    static String normaliseCidr(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        // Only literals are accepted: a name here would trigger a DNS lookup and is never a range.
        if (!v4 && !address.contains(":")) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (v4 && bytes.length != 4) {
                return null;
            }
            int maxBits = bytes.length * 8;
            if (slash < 0) {
                return address + "/" + maxBits;
            }
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            return bits >= 0 && bits <= maxBits ? cidr : null;
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    private static long parseSize(String raw, List<Problem> problems) {
        if (raw == null) {
            return Config.DEFAULT_MAX_BODY_BYTES;
        }
        var m = SIZE.matcher(raw.trim());
        if (m.matches()) {
            try {
                String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                long factor = switch (unit.charAt(0)) {
                    case 'k' -> 1024L;
                    case 'm' -> 1024L * 1024;
                    case 'g' -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), factor);
                if (bytes > 0) {
                    return bytes;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
        }
        problems.add(problem("max-body", "must be a positive size in bytes (or with k, m, g), got '" + raw + "'"));
        return Config.DEFAULT_MAX_BODY_BYTES;
    }

    private static String parsePublicUrl(String raw, String host, int port, List<Problem> problems) {
        if (raw == null) {
            // Port 0 is only known after binding; the server fills the URL in then.
            return port == 0 ? null : "http://" + urlHost(host) + ":" + port;
        }
        String url = raw.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(problem("public-url", "must be an http:// or https:// URL without query, got '" + raw + "'"));
        return null;
    }

    /** A wildcard bind address is not a place to send people; loopback is the useful default. */
    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
