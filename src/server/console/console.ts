import path from 'node:path';
import { Router, type Request } from 'express';
import { consoleTabs } from './console-operations';

// The development console at GET /graphql (a browser asking for HTML): GraphiQL, served with its
// React runtime from node_modules, so it works offline (no CDN, no fonts, no telemetry). Apollo's
// hosted Sandbox, which loads from Apollo's CDN, stays one click away at /sandbox.
// graphiql 3 is used because it still ships a prebuilt browser bundle (graphiql.min.js, with React
// 18's UMD builds); graphiql 4+ only ships ES modules meant for a bundler.

/** File served under /console/ → its path inside node_modules. Nothing else is served. */
const ASSETS: Record<string, string> = {
  'react.production.min.js': 'react/umd/react.production.min.js',
  'react-dom.production.min.js': 'react-dom/umd/react-dom.production.min.js',
  'graphiql.min.js': 'graphiql/graphiql.min.js',
  'graphiql.min.css': 'graphiql/graphiql.min.css',
};

function assetPath(file: string): string {
  const [name, ...rest] = file.split('/');
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), ...rest);
}

/** A value embedded in a <script>: JSON with "<" escaped, so no string can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function consolePage(endpoint: string, now: Date = new Date()): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Nexus Réussite API console</title>
<link rel="stylesheet" href="/console/graphiql.min.css">
<style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading the console…</div>
<script src="/console/react.production.min.js"></script>
<script src="/console/react-dom.production.min.js"></script>
<script src="/console/graphiql.min.js"></script>
<script>
(function () {
  var endpoint = ${scriptJson(endpoint)};
  var TOKEN_KEY = 'nexus-api-console:sessionToken';
  // One JSON result per request (no incremental delivery): the fetcher below reads it.
  var base = GraphiQL.createFetcher({ url: endpoint, enableIncrementalDelivery: false });
  // Sends the token of the last SignIn unless the Headers tab sets an Authorization header.
  function fetcher(params, options) {
    var headers = Object.assign({}, (options && options.headers) || {});
    var token = window.localStorage.getItem(TOKEN_KEY);
    var named = Object.keys(headers).some(function (name) { return name.toLowerCase() === 'authorization'; });
    if (token && !named) headers.Authorization = 'Bearer ' + token;
    return Promise.resolve(base(params, Object.assign({}, options, { headers: headers }))).then(function (result) {
      var data = result && result.data;
      if (data && data.login && data.login.sessionToken) window.localStorage.setItem(TOKEN_KEY, data.login.sessionToken);
      if (data && (data.logout || data.logoutEverywhere)) window.localStorage.removeItem(TOKEN_KEY);
      return result;
    });
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: ${scriptJson(consoleTabs(now))},
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }),
  );
})();
</script>
</body>
</html>
`;
}

/** Apollo's hosted Sandbox (needs the internet: it loads from Apollo's CDN). */
export function sandboxPage(endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Nexus Réussite API — Apollo Sandbox</title><style>body { margin: 0; } #sandbox { height: 100vh; }</style></head>
<body>
<div id="sandbox"></div>
<script src="https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js"></script>
<script>new window.EmbeddedSandbox({ target: '#sandbox', initialEndpoint: new URL(${scriptJson(endpoint)}, location.href).href });</script>
</body>
</html>
`;
}

function wantsPage(request: Request): boolean {
  return request.method === 'GET' && request.query.query === undefined && request.accepts(['application/json', 'text/html']) === 'text/html';
}

/** GET /graphql (HTML), /console/* and /sandbox; every other request passes through to the API. */
export function consoleRouter(endpoint = '/graphql'): Router {
  const router = Router();
  router.get(endpoint, (request, response, next) => {
    if (!wantsPage(request)) return next();
    response.type('html').send(consolePage(endpoint));
  });
  router.get('/console/:file', (request, response, next) => {
    const file = ASSETS[request.params.file];
    if (!file) return next();
    response.sendFile(assetPath(file), { maxAge: '1d' });
  });
  router.get('/sandbox', (_request, response) => {
    response.type('html').send(sandboxPage(endpoint));
  });
  return router;
}
