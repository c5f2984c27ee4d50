// Every screen renders in the browser: kiosk and signage talk to their agent over a local socket,
// the console to the controller; there is nothing to render on the server.
export const ssr = false;
export const prerender = false;
