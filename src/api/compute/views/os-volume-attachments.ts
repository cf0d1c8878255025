/** Nova's volume attachment views (api/openstack/compute/volumes.py _translate_attachment_detail_view). */
import type { ApiVersion } from '../../../http/api-version.js';
import type { BdmRow } from '../../../services/compute/volume-attach-service.js';

/** id until 2.89 (then attachment_id and bdm_uuid), tag from 2.70, delete_on_termination from 2.79 */
export function volumeAttachmentView(bdm: BdmRow, mv: ApiVersion): Record<string, unknown> {
  const newIds = mv.atLeast('2.89');
  const d: Record<string, unknown> = {};
  if (!newIds) d.id = bdm.volume_id;
  d.volumeId = bdm.volume_id;
  d.serverId = bdm.instance_uuid;
  if (bdm.device_name) d.device = bdm.device_name;
  if (mv.atLeast('2.70')) d.tag = bdm.tag;
  if (mv.atLeast('2.79')) d.delete_on_termination = bdm.delete_on_termination === 1;
  if (newIds) {
    d.attachment_id = bdm.attachment_id;
    d.bdm_uuid = bdm.uuid;
  }
  return d;
}

/** the create answer: what was asked, with the device chosen */
export function createdAttachmentView(bdm: BdmRow, urlServerId: string, mv: ApiVersion): Record<string, unknown> {
  const d: Record<string, unknown> = {
    id: bdm.volume_id,
    serverId: urlServerId,
    volumeId: bdm.volume_id,
    device: bdm.device_name,
  };
  if (mv.atLeast('2.70')) d.tag = bdm.tag;
  if (mv.atLeast('2.79')) d.delete_on_termination = bdm.delete_on_termination === 1;
  return d;
}
