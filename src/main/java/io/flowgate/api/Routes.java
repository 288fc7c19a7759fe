package io.flowgate.api;

import static io.flowgate.auth.Role.ADMIN;
import static io.flowgate.auth.Role.EDITOR;
import static io.flowgate.auth.Role.OPERATOR;
import static io.flowgate.auth.Role.VIEWER;

import io.flowgate.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the server, in one place, with the role each needs (/briefs api-routes.md).
 * Routes without a role need no key.
 */
final class Routes {
    static final String API = "/api/v1";
    static final String OPENAPI_PATH = API + "/openapi.json";

    /** One declared route; {@code role} is null for routes that need no key. */
    record Route(String method, String path, Role role) {}

    /** The handlers of each area, built by {@link ApiServer}. */
    record Handlers(WorkflowHandlers workflows, ExecutionHandlers executions, ExecutionStream stream,
                    SecretHandlers secrets, KeyHandlers keys, OpsHandlers ops, ScheduleHandlers schedules,
                    HookHandlers hooks, BoomerangHandlers boomerang, WebhookAdminHandlers webhookAdmin,
                    DeliveryHandlers deliveries, EventHandlers events, ClusterHandlers cluster) {}

    /** Methods a hook URL answers; the trigger's {@code methods} narrows them per workflow. */
    static final List<HandlerType> HOOK_METHODS =
            List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final RoutesConfig config;
    private final List<Route> declared = new ArrayList<>();

    private Routes(RoutesConfig config) {
        this.config = config;
    }

    static boolean isPublic(String path) {
        return path.equals(OPENAPI_PATH);
    }

    static List<Route> install(RoutesConfig config, Handlers h) {
        Routes r = new Routes(config);
        OpsHandlers ops = h.ops();
        r.open(HandlerType.GET, "/healthz", ops::health);
        r.open(HandlerType.GET, "/readyz", ops::readiness);
        r.open(HandlerType.GET, "/metrics", ops::metrics);
        r.open(HandlerType.GET, OPENAPI_PATH, ops::openApi);

        WorkflowHandlers wf = h.workflows();
        r.add(HandlerType.POST, "/workflows", EDITOR, wf::create);
        r.add(HandlerType.POST, "/workflows/validate", VIEWER, wf::validate);
        r.add(HandlerType.GET, "/workflows", VIEWER, wf::list);
        r.add(HandlerType.GET, "/workflows/{id}", VIEWER, wf::get);
        r.add(HandlerType.PUT, "/workflows/{id}", EDITOR, wf::replace);
        r.add(HandlerType.DELETE, "/workflows/{id}", EDITOR, wf::delete);
        r.add(HandlerType.GET, "/workflows/{id}/revisions", VIEWER, wf::revisions);
        r.add(HandlerType.GET, "/workflows/{id}/revisions/{n}", VIEWER, wf::revision);

        ExecutionHandlers ex = h.executions();
        r.add(HandlerType.POST, "/workflows/{id}/executions", OPERATOR, ex::start);
        r.add(HandlerType.GET, "/executions", VIEWER, ex::list);
        // Before /executions/{id}, which would take "stream" for an id.
        r.add(HandlerType.GET, "/executions/stream", VIEWER, h.stream()::all);
        r.add(HandlerType.GET, "/executions/{id}", VIEWER, ex::get);
        r.add(HandlerType.POST, "/executions/{id}/cancel", OPERATOR, ex::cancel);
        r.add(HandlerType.POST, "/executions/{id}/retry", OPERATOR, ex::retry);
        r.add(HandlerType.GET, "/executions/{id}/stream", VIEWER, h.stream()::stream);

        SecretHandlers sec = h.secrets();
        r.add(HandlerType.POST, "/secrets", EDITOR, sec::set);
        r.add(HandlerType.GET, "/secrets", VIEWER, sec::list);
        r.add(HandlerType.DELETE, "/secrets/{name}", EDITOR, sec::delete);

        DeliveryHandlers del = h.deliveries();
        r.add(HandlerType.GET, "/deliveries", VIEWER, del::list);
        r.add(HandlerType.GET, "/deliveries/{id}", VIEWER, del::get);
        r.add(HandlerType.POST, "/deliveries/{id}/redeliver", OPERATOR, del::redeliver);
        r.add(HandlerType.POST, "/workflows/{id}/signing-secrets", EDITOR, del::createSecret);
        r.add(HandlerType.GET, "/workflows/{id}/signing-secrets", VIEWER, del::listSecrets);
        r.add(HandlerType.DELETE, "/workflows/{id}/signing-secrets/{secretId}", EDITOR, del::revokeSecret);

        EventHandlers ev = h.events();
        // The intake takes an operator key or a workflow token: the handler checks which (EventHandlers.scope).
        r.keyOrToken(HandlerType.POST, "/events", OPERATOR, ev::send);
        r.add(HandlerType.GET, "/events", VIEWER, ev::list);
        r.add(HandlerType.GET, "/approvals", VIEWER, ev::approvals);
        r.add(HandlerType.POST, "/executions/{id}/steps/{stepId}/approve", OPERATOR, ev::approve);
        r.add(HandlerType.POST, "/executions/{id}/steps/{stepId}/reject", OPERATOR, ev::reject);

        // Counts and node addresses only, no team data: any key may see the cluster (docs/api.md).
        r.add(HandlerType.GET, "/cluster", VIEWER, h.cluster()::list);

        KeyHandlers keys = h.keys();
        r.add(HandlerType.GET, "/me", VIEWER, keys::me);
        r.add(HandlerType.POST, "/keys", ADMIN, keys::create);
        r.add(HandlerType.GET, "/keys", ADMIN, keys::list);
        r.add(HandlerType.DELETE, "/keys/{id}", ADMIN, keys::revoke);

        ScheduleHandlers sch = h.schedules();
        r.add(HandlerType.GET, "/schedules/preview", VIEWER, sch::preview);
        r.add(HandlerType.GET, "/schedules", VIEWER, sch::list);
        r.add(HandlerType.GET, "/schedules/{id}", VIEWER, sch::get);
        r.add(HandlerType.POST, "/schedules/{id}/pause", OPERATOR, sch::pause);
        r.add(HandlerType.POST, "/schedules/{id}/resume", OPERATOR, sch::resume);
        r.add(HandlerType.POST, "/schedules/{id}/backfill", OPERATOR, sch::backfill);
        // Inbound webhooks: open routes (the trigger's own auth applies), and their management.
        for (HandlerType m : HOOK_METHODS) {
            r.open(m, "/hooks/{hookId}", h.hooks()::hook);
            r.open(m, "/hooks/{hookId}/<sub>", h.hooks()::hook);
        }
        r.open(HandlerType.POST, "/webhook/payload", h.boomerang()::payload);
        r.open(HandlerType.GET, "/webhook/status/{activityId}", h.boomerang()::status);
        WebhookAdminHandlers wh = h.webhookAdmin();
        r.add(HandlerType.POST, "/workflows/{id}/webhook/tokens", EDITOR, wh::createToken);
        r.add(HandlerType.GET, "/workflows/{id}/webhook/tokens", VIEWER, wh::listTokens);
        r.add(HandlerType.DELETE, "/workflows/{id}/webhook/tokens/{tokenId}", EDITOR, wh::revokeToken);
        r.add(HandlerType.POST, "/workflows/{id}/webhook/secrets", EDITOR, wh::createSecret);
        r.add(HandlerType.GET, "/workflows/{id}/webhook/secrets", VIEWER, wh::listSecrets);
        r.add(HandlerType.DELETE, "/workflows/{id}/webhook/secrets/{secretId}", EDITOR, wh::revokeSecret);
        r.add(HandlerType.POST, "/workflows/{id}/webhook/regenerate", EDITOR, wh::regenerate);
        r.add(HandlerType.POST, "/workflows/{id}/webhook/capture", EDITOR, wh::capture);
        r.add(HandlerType.POST, "/workflows/{id}/webhook/params", VIEWER, wh::proposeParams);
        r.add(HandlerType.GET, "/workflows/{id}/requests", VIEWER, wh::requests);
        return List.copyOf(r.declared);
    }

    private void open(HandlerType method, String path, Handler handler) {
        config.addHttpHandler(method, path, handler);
        // Javalin's <sub> (may hold slashes) is documented as OpenAPI's {sub}.
        declared.add(new Route(method.name(), path.replace('<', '{').replace('>', '}'), null));
    }

    private void keyOrToken(HandlerType method, String path, Role role, Handler handler) {
        config.addHttpHandler(method, API + path, handler);
        declared.add(new Route(method.name(), API + path, role));
    }

    private void add(HandlerType method, String path, Role role, Handler handler) {
        config.addHttpHandler(method, API + path, Access.require(role, handler));
        declared.add(new Route(method.name(), API + path, role));
    }
}
