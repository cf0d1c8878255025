/**
 * Glance's task bodies (glance/api/v2/tasks.py ResponseSerializer and, for GET
 * /v2/images/{id}/tasks, the raw database rows that images.get_task_info returns).
 */
import type { ImageTaskRow } from '../../../services/image/image-import-service.js';

/** isotime without fractional seconds: 2024-01-01T00:00:00Z */
const glanceTime = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');
/** a datetime as Python's json encoder writes a naive one: 2024-01-01T00:00:00.123000 */
const pythonTime = (iso: string): string => {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return iso;
  return m[2] === undefined ? (m[1] ?? iso) : `${m[1]}.${m[2].padEnd(6, '0').slice(0, 6)}`;
};
const json = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

/** an entry of GET /v2/tasks: no input, result or message */
export function taskSummaryView(t: ImageTaskRow): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: t.id,
    type: t.type,
    status: t.status,
    owner: t.owner,
    created_at: glanceTime(t.created_at),
    updated_at: glanceTime(t.updated_at),
    self: `/v2/tasks/${t.id}`,
    schema: '/v2/schemas/task',
  };
  if (t.expires_at !== null) body.expires_at = glanceTime(t.expires_at);
  return body;
}

/** GET /v2/tasks/{id} */
export function taskView(t: ImageTaskRow): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: t.id,
    input: json(t.input),
    type: t.type,
    status: t.status,
    owner: t.owner,
    message: t.message,
    result: json(t.result),
    created_at: glanceTime(t.created_at),
    updated_at: glanceTime(t.updated_at),
    self: `/v2/tasks/${t.id}`,
    schema: '/v2/schemas/task',
    image_id: t.image_id,
    request_id: t.request_id,
    user_id: t.user_id,
  };
  if (t.expires_at !== null) body.expires_at = glanceTime(t.expires_at);
  return body;
}

/** an entry of GET /v2/images/{id}/tasks: the task row as stored */
export function imageTaskView(t: ImageTaskRow): Record<string, unknown> {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    owner: t.owner,
    expires_at: t.expires_at === null ? null : pythonTime(t.expires_at),
    created_at: pythonTime(t.created_at),
    updated_at: pythonTime(t.updated_at),
    deleted_at: null,
    deleted: false,
    image_id: t.image_id,
    request_id: t.request_id,
    user_id: t.user_id,
    input: json(t.input),
    result: json(t.result),
    message: t.message,
  };
}
