package io.flowgate.api;

/**
 * One route the server answers, as declared where it is registered ({@code Routes}, {@code ConsoleRoutes}), for
 * checks that must cover every route (the authorization matrix test, the OpenAPI document test).
 *
 * @param role the role the route needs ({@code viewer} … {@code admin}), or null for a route that needs no API key
 *             (health, metrics, inbound hooks with their own auth, the console and its assets)
 */
public record DeclaredRoute(String method, String path, String role) {
    public String key() {
        return method + " " + path;
    }
}
