// A load client in a process of its own (so its work and garbage collection stay apart from the
// benchmark's large in-memory directory): POSTs each request body from a JSON file with N concurrent
// keep-alive connections and prints throughput and latencies as JSON.
import fs from 'node:fs';
import http from 'node:http';

const [port, token, file, concurrencyText, path = '/api/directory/search'] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const bodies = JSON.parse(fs.readFileSync(file, 'utf8')).map((r) => JSON.stringify(r));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let failures = 0;
let next = 0;

function post(body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port: Number(port), path, method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      try {
        latencies.push(await post(body));
      } catch {
        failures++;
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))];
console.log(JSON.stringify({ perSecond: Math.round(latencies.length / seconds), p50: at(50), p95: at(95), p99: at(99), max: latencies[latencies.length - 1], failures }));
