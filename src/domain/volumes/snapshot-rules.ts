/**
 * Snapshot rules that need no store: Cinder's metadata property check (cinder/utils.py
 * check_metadata_properties, as the snapshot metadata API applies it after merging), the
 * transitions os-update_snapshot_status allows (snapshot_actions.py status_map) and the
 * 'progress' format (cinder/api/validation/validators.py).
 */
import {
  invalidMetadata,
  invalidMetadataSize,
  progressNotInteger,
  progressOutOfRange,
  snapshotUpdateStatusFrom,
  snapshotUpdateStatusTo,
} from './errors.js';

/** oslo strutils.check_string_length, then the backward-compatible 255-character limits */
export function checkMetadataProperties(md: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(md)) {
    if (k.length < 1) throw invalidMetadata(`Metadata key: ${k} has ${k.length} characters, less than 1.`);
    if (typeof v !== 'string') throw invalidMetadata(`Value for metadata key: ${k} is not a string or unicode`);
    if (k.length > 255) throw invalidMetadataSize(`Metadata property key ${k} greater than 255 characters.`);
    if (v.length > 255) throw invalidMetadataSize(`Metadata property key ${k} value greater than 255 characters.`);
  }
}

/** os-update_snapshot_status: from creating to creating/available/error, deleting to deleting/error_deleting */
const UPDATE_STATUS_MAP: Record<string, readonly string[]> = {
  creating: ['creating', 'available', 'error'],
  deleting: ['deleting', 'error_deleting'],
};

export function checkUpdateSnapshotStatus(current: string, provided: string): void {
  const allowed = UPDATE_STATUS_MAP[current];
  if (!allowed) throw snapshotUpdateStatusFrom(current);
  if (!allowed.includes(provided)) throw snapshotUpdateStatusTo(provided, current);
}

/** an integer percentage "0%"…"100%"; empty means none given */
export function checkProgress(progress: unknown): void {
  if (progress === undefined || progress === null || progress === '' || progress === 0 || progress === false) return;
  if (typeof progress !== 'string') throw progressNotInteger();
  const digits = progress.slice(0, -1).trim();
  if (!/^[-+]?\d+$/.test(digits)) throw progressNotInteger();
  const n = Number(digits);
  if (n < 0 || n > 100 || !progress.endsWith('%')) throw progressOutOfRange();
}
