/**
 * One JSON body parser for every dialect: an empty body is `null` (Nova then reports
 * "None is not of type 'object'"), malformed JSON is a MALFORMED_BODY error each dialect words
 * its own way, and text/plain is read as JSON as Nova does.
 *
 * A body nested deeper than MAX_JSON_DEPTH is refused here, before the parser builds it: every
 * later walk over request data (schema validation, error messages, JSON.stringify, structuredClone)
 * may then recurse safely, since no route accepts documents anywhere near that deep.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';

export const JSON_TYPES = [
  'application/json',
  'application/vnd.openstack.compute+json',
  'application/json-patch+json',
  'application/openstack-images-v2.1-json-patch',
  'text/plain',
];

/** Levels of objects and arrays a request body may nest (the top-level document is level 1). */
export const MAX_JSON_DEPTH = 64;

export const BODY_TOO_DEEP_MESSAGE = `Request body is nested too deeply: objects and arrays may nest at most ${MAX_JSON_DEPTH} levels.`;

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, parseJsonBody);
}

/**
 * Fastify string-body parser: an empty body is null, bad JSON the 400 'Malformed request body',
 * a body nested deeper than MAX_JSON_DEPTH a 400 with BODY_TOO_DEEP_MESSAGE.
 */
export function parseJsonBody(
  _req: unknown,
  body: string | Buffer,
  done: (err: Error | null, value?: unknown) => void,
): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') {
    done(null, null);
    return;
  }
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH) {
    done(new DomainError('BAD_REQUEST', 400, BODY_TOO_DEEP_MESSAGE), undefined);
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch {
    done(new DomainError('MALFORMED_BODY', 400, 'Malformed request body'), undefined);
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in a JSON text, found by one pass over its characters
 * (brackets inside strings do not count). Iterative and allocation-free, so it is cheap enough to
 * run on every body and cannot itself overflow the stack. Malformed text gets some number; the
 * parser that runs next rejects it.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}
