/** One autocannon run → throughput and latency figures. */
import autocannon from 'autocannon';

export interface Measurement {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface MeasureOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  requests?: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: string; setupRequest?: string }>;
  durationSec: number;
  connections: number;
}

export async function measure(o: MeasureOptions): Promise<Measurement> {
  const result = await autocannon({
    url: o.url,
    method: o.method ?? 'GET',
    headers: o.headers,
    body: o.body,
    ...(o.requests ? { requests: o.requests } : {}),
    duration: o.durationSec,
    connections: o.connections,
    // autocannon in a worker thread: the server under test keeps the main thread to itself, as
    // it would with the load generator in another process
    workers: 1,
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
