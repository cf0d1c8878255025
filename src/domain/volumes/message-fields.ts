/**
 * The parts of a Cinder user message (cinder/message/message_field.py): the resource it is about,
 * the action that was under way and the detail of what went wrong, each with its id; the event id
 * and the user message are made from them. Only the ones stackbox records are listed.
 */

export const MessageResource = { VOLUME: 'VOLUME' } as const;

export const MessageAction = {
  SCHEDULE_ALLOCATE_VOLUME: { id: '001', text: 'schedule allocate volume' },
} as const;

export const MessageDetail = {
  UNKNOWN_ERROR: { id: '001', text: 'An unknown error occurred.' },
  NO_BACKEND_AVAILABLE: { id: '003', text: 'Could not find any available weighted backend.' },
} as const;

const ACTIONS: ReadonlyArray<{ id: string; text: string }> = Object.values(MessageAction);
const DETAILS: ReadonlyArray<{ id: string; text: string }> = Object.values(MessageDetail);

/** Cinder's message_ttl default: a message is kept at least 30 days */
export const MESSAGE_TTL_SECONDS = 2592000;

/** "VOLUME_<resource>_<action>_<detail>" */
export const eventId = (resource: string, actionId: string, detailId: string): string =>
  `VOLUME_${resource}_${actionId}_${detailId}`;

/** "<action text>:<detail text>", as the messages API builds it (translate_action / translate_detail) */
export function userMessage(actionId: string, detailId: string): string {
  const action = ACTIONS.find((a) => a.id === actionId)?.text ?? 'unknown action';
  const detail = DETAILS.find((d) => d.id === detailId)?.text ?? MessageDetail.UNKNOWN_ERROR.text;
  return `${action}:${detail}`;
}
