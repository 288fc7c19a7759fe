/**
 * The {@code flowgate} command line: picocli commands, one class per command, that talk to a
 * running server over its HTTP API ({@link io.flowgate.cli.ApiClient}). The only command that
 * runs in-process is {@code serve}, which hands a validated {@link io.flowgate.config.Config} to
 * an injected {@link io.flowgate.cli.ServerRunner}, so this package never imports the server.
 * May import core, config and engine enums; never api, store or the HTTP framework.
 */
package io.flowgate.cli;
