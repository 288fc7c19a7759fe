package io.flowgate.cli;

/** How commands print what the server answered. */
enum Output {
    /** aligned columns for people */
    table,
    /** the server's JSON as-is, pretty-printed, for scripts */
    json
}
