/**
 * Neutron's tag rules (neutron/extensions/tagging.py, neutron/objects/tag.py): what a tag is, the
 * body of a replace-all, and the four list filters.
 */
import { pyStr } from '../../lib/python-repr.js';
import { invalidInput } from './network-errors.js';

/** tagging.MAX_TAG_LEN in Zed (the tag column is String(255)) */
export const MAX_TAG_LEN = 255;

/** neutron_lib's validate_string(tag, MAX_TAG_LEN): the message, or undefined when valid */
function stringProblem(v: unknown): string | undefined {
  if (typeof v !== 'string') return `'${pyStr(v)}' is not a valid string`;
  // Python counts code points
  if ([...v].length > MAX_TAG_LEN) return `'${v}' exceeds maximum length of ${MAX_TAG_LEN}`;
  return undefined;
}

/** validate_tag: a tag named in the URL */
export function validateTag(tag: string): string {
  const problem = stringProblem(tag);
  if (problem) throw invalidInput(problem);
  return tag;
}

/**
 * validate_list_of_unique_strings(v, MAX_TAG_LEN): a list, without duplicates, of strings; the
 * message, or undefined when valid.
 */
export function tagListProblem(tags: unknown): string | undefined {
  if (!Array.isArray(tags)) return `'${pyStr(tags)}' is not a list`;
  const dups: unknown[] = [];
  tags.forEach((t, i) => {
    if (tags.indexOf(t) < i && !dups.includes(t)) dups.push(t);
  });
  if (dups.length > 0) return `Duplicate items in the list: '${dups.map(pyStr).join(', ')}'`;
  for (const t of tags) {
    const problem = stringProblem(t);
    if (problem) return problem;
  }
  return undefined;
}

/** validate_tags: the body of PUT /{resource}/{id}/tags is an object with `tags`, a tag list */
export function validateTagsBody(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('tags' in body)) {
    throw invalidInput('Invalid tags body');
  }
  const tags: unknown = body.tags;
  const problem = tagListProblem(tags);
  if (problem) throw invalidInput(problem);
  return tags as string[];
}

/**
 * The list filters (objects/tag.py _apply_tag_filters), each a set of tags: `tags` all of them,
 * `tagsAny` at least one, `notTags` not all of them, `notTagsAny` none of them.
 */
export interface TagFilters {
  tags?: Set<string>;
  tagsAny?: Set<string>;
  notTags?: Set<string>;
  notTagsAny?: Set<string>;
}

const FILTER_PARAMS = [
  ['tags', 'tags'],
  ['tags-any', 'tagsAny'],
  ['not-tags', 'notTags'],
  ['not-tags-any', 'notTagsAny'],
] as const;

/**
 * The filters of a query: each parameter repeatable and comma-separated (`tags=a,b` is
 * `tags=a&tags=b`; an empty value is the empty tag). undefined: no tag filter.
 */
export function parseTagFilters(values: (name: string) => string[] | undefined): TagFilters | undefined {
  const out: TagFilters = {};
  let any = false;
  for (const [param, key] of FILTER_PARAMS) {
    const v = values(param);
    if (v === undefined) continue;
    out[key] = new Set(v.flatMap((s) => s.split(',')));
    any = true;
  }
  return any ? out : undefined;
}

/** Whether a resource with these tags passes every filter given. */
export function matchesTagFilters(tags: ReadonlySet<string>, f: TagFilters): boolean {
  const has = (t: string) => tags.has(t);
  if (f.tags && ![...f.tags].every(has)) return false;
  if (f.tagsAny && ![...f.tagsAny].some(has)) return false;
  if (f.notTags && [...f.notTags].every(has)) return false;
  if (f.notTagsAny && [...f.notTagsAny].some(has)) return false;
  return true;
}

/**
 * The order Neutron shows a resource's tags in: its tag table's primary key, (resource, tag), in
 * the database's binary collation, that is by code point.
 */
export function sortTags(tags: string[]): string[] {
  return [...tags].sort((a, b) => {
    const x = [...a].map((c) => c.codePointAt(0) ?? 0);
    const y = [...b].map((c) => c.codePointAt(0) ?? 0);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
}
