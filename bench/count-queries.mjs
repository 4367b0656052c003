// Preloaded into both servers by run.mjs (`node --import ./bench/count-queries.mjs …`): counts the
// statements each process sends to PostgreSQL and the HTTP requests it receives, so the bench can
// print round trips per request for the API and the baseline alike. Every `pg` Client#query call
// is one round trip (the extended protocol sends parse, bind, execute and sync together);
// pool.query, TypeORM's query runners and BEGIN/COMMIT all go through it. Requests are counted as
// the server receives them, so those cut off when a load round ends count on both sides of the
// division. run.mjs asks for the counts over the IPC channel.
import { subscribe } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';

// The CommonJS build is what `import pg from 'pg'` wraps, so both sides share this one class.
const { Client } = createRequire(import.meta.url)('pg');
let statements = 0;
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return query.apply(this, args);
};

let requests = 0;
subscribe('http.server.request.start', () => {
  requests += 1;
});

process.on('message', (message) => {
  if (message === 'bench:counts') process.send?.({ statements, requests });
});
