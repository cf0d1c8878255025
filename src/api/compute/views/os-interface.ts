/** The interface attachment view (attach_interfaces.py _translate_interface_attachment_view). */
import type { ApiVersion } from '../../../http/api-version.js';
import type { Attachment } from '../../../services/compute/interface-service.js';

export function attachmentView(a: Attachment, mv: ApiVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {
    fixed_ips: a.port.fixedIps.map((f) => ({ ip_address: f.ip_address, subnet_id: f.subnet_id })),
    mac_addr: a.port.mac_address,
    net_id: a.port.network_id,
    port_id: a.port.id,
    port_state: a.port.status,
  };
  // 2.70: the VIF's tag, always present (null when none)
  if (mv.atLeast('2.70')) out.tag = a.tag;
  return out;
}
