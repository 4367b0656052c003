// Preloaded into both servers by run.mjs (`node --import ./bench/count-queries.mjs …`): counts the
// statements each process sends to PostgreSQL, so the bench can print round trips per request
// for the API and the baseline alike. Every `pg` Client#query call is one round trip (the
// extended protocol sends parse, bind, execute and sync together); pool.query, TypeORM's query
// runners and BEGIN/COMMIT all go through it. run.mjs asks for the count over the IPC channel.
import { createRequire } from 'node:module';

// The CommonJS build is what `import pg from 'pg'` wraps, so both sides share this one class.
const { Client } = createRequire(import.meta.url)('pg');
let statements = 0;
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return query.apply(this, args);
};

process.on('message', (message) => {
  if (message === 'bench:statements') process.send?.({ statements });
});
