/**
 * The HTTP edge: {@link io.flowgate.api.ApiServer} (Javalin), every route in
 * {@link io.flowgate.api.Routes}, thin handler classes per area, one error mapper and the JSON
 * documents clients see (status documents, workflow documents). The only package that imports the
 * HTTP framework. May import every other Flowgate package except {@code cli} and {@code ui}.
 */
package io.flowgate.api;
