/**
 * One JSON body parser for every dialect: an empty body is `null` (Nova then reports
 * "None is not of type 'object'"), malformed JSON is a MALFORMED_BODY error each dialect words
 * its own way, and text/plain is read as JSON as Nova does.
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

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, parseJsonBody);
}

/** Fastify string-body parser: an empty body is null, bad JSON the 400 'Malformed request body' */
export function parseJsonBody(_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') {
    done(null, null);
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch {
    done(new DomainError('MALFORMED_BODY', 400, 'Malformed request body'), undefined);
  }
}
