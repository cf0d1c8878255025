/**
 * What the compute tests compare with Nova's api-ref samples, kept in the repository
 * (test/fixtures/nova-api-samples, see its README): the key set of the object a test checks, and
 * the three version documents whole. Reading them here keeps the suite runnable from any clone.
 */
import { readFileSync } from 'node:fs';

const DIR = new URL('../fixtures/nova-api-samples/', import.meta.url);

export type SampleArea = 'servers' | 'os-attach-interfaces' | 'os-virtual-interfaces' | 'os-instance-actions';
type KeyFixture = Record<string, { object: string; keys: string[] }>;

const cache = new Map<string, unknown>();
function load<T>(file: string): T {
  if (!cache.has(file)) cache.set(file, JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
  return cache.get(file) as T;
}

/** The sorted keys of the object the sample `<area>/<sample>` shows (named by the fixture's `object`). */
export function sampleKeys(area: SampleArea, sample: string): string[] {
  const entry = load<KeyFixture>(`${area}.json`)[sample];
  // a typo in a sample name must fail the test loudly, not compare against an empty set
  if (!entry) throw new Error(`no fixture for ${area}/${sample}`);
  return [...entry.keys];
}

/** A version document as the sample shows it, its example host replaced by `base`. */
// the tests compare it with response bodies, which are untyped JSON too (TestResponse.body)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function versionSample(name: string, base: string): Record<string, any> {
  const doc = load<Record<string, unknown>>('versions.json')[name];
  if (!doc) throw new Error(`no version sample ${name}`);
  return JSON.parse(JSON.stringify(doc).replaceAll('http://openstack.example.com', base));
}
