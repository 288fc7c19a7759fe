// Swagger UI over the server's OpenAPI document. The console's API key (session storage, set at sign-in)
// is offered as the bearer credential for "Try it out"; it never goes into a URL.
window.addEventListener('DOMContentLoaded', () => {
  const key = sessionStorage.getItem('flowgate.key');
  const ui = window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    onComplete: () => {
      if (key) {
        ui.preauthorizeApiKey('bearer', key);
      }
    },
  });
});
