/**
 * The web console's server side without HTTP types: finding its static assets (ours under
 * {@code /ui/}, front-end libraries from WebJars), the Content-Security-Policy every console page
 * carries, and the server-rendered public forms. The routes that serve them live in {@code api}
 * (ConsoleRoutes), the only package importing the HTTP framework. May import core and
 * trigger.webhook; never api, cli or store.jdbc.
 */
package io.flowgate.ui;
