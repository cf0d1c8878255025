/**
 * Response items of POST /os-server-external-events: Nova appends the request dict itself and
 * then sets status and code on it, so the client's keys keep their order, status is rewritten in
 * place (or appended), and code comes last.
 */
import type { ExternalEventInput, ExternalEventResult } from '../../../services/compute/external-events.js';

export function eventResultView(sent: ExternalEventInput, r: ExternalEventResult): Record<string, unknown> {
  const v: Record<string, unknown> = { ...sent };
  v.status = r.status;
  v.code = r.code;
  return v;
}
