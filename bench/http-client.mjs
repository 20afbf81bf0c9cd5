// The load client, in a process of its own (its work and garbage collection stay apart from the
// benchmark's large in-memory directory): POSTs each request body from a JSON file over N concurrent
// keep-alive HTTP/1.1 connections and prints throughput and latencies as JSON.
//
// Written on raw sockets, like wrk: on a 2-core machine the client shares the cores with the server
// it measures, and node:http (or autocannon) spent about 100 µs of CPU per request, a third of a
// core at 3,000 requests a second. Requests are encoded before the clock starts; a response is
// read by its Content-Length (the server always sends one) and only its status code is looked at.
import fs from 'node:fs';
import net from 'node:net';

// With a path, each request in the file is a JSON body POSTed there. With the path `-`, each is
// `{ method, path, body?, contentType? }` (GETs and POSTs to many paths, as the FHIR benchmark sends).
const [port, token, file, concurrencyText, path = '/api/directory/search'] = process.argv.slice(2);
const requests = JSON.parse(fs.readFileSync(file, 'utf8')).map((r) => {
  const { method, target, body, contentType } =
    path === '-' ? { method: r.method, target: r.path, body: r.body === undefined ? undefined : JSON.stringify(r.body), contentType: r.contentType ?? 'application/json' } : { method: 'POST', target: path, body: JSON.stringify(r), contentType: 'application/json' };
  const head = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n`;
  return Buffer.from(body === undefined ? `${head}\r\n` : `${head}Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
});
const HEADER_END = Buffer.from('\r\n\r\n');
const latencies = [];
let failures = 0;
let next = 0;

/** The length of one complete response at the start of `buffer`, with its status; null if it has not all arrived. */
function completeResponse(buffer) {
  const end = buffer.indexOf(HEADER_END);
  if (end < 0) return null;
  const head = buffer.toString('latin1', 0, end);
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!length) throw new Error(`a response without Content-Length: ${head.split('\r\n')[0]}`);
  const total = end + 4 + Number(length[1]);
  return buffer.length < total ? null : { total, status: Number(head.slice(9, 12)) };
}

/** One keep-alive connection: sends the next request as soon as the previous answer is complete. */
function connection() {
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let started = 0;
    const send = () => {
      if (next >= requests.length) return socket.end(resolve);
      started = performance.now();
      socket.write(requests[next++]);
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const response = completeResponse(pending);
      if (!response) return;
      if (response.status === 200) latencies.push(performance.now() - started);
      else failures++;
      pending = pending.subarray(response.total);
      send();
    });
    socket.on('error', () => {
      failures++;
      resolve();
    });
  });
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrencyText) }, connection));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))];
console.log(JSON.stringify({ perSecond: Math.round(latencies.length / seconds), p50: at(50), p95: at(95), p99: at(99), max: latencies[latencies.length - 1], failures }));
