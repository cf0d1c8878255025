"""openstacksdk against stackbox: the everyday server actions, the admin resources and volumes.

Usage: /usr/bin/python3 sdk_actions.py actions|admin|volumes   (OS_CLIENT_CONFIG_FILE names the
clouds.yaml that `stackbox serve` printed; clouds 'stackbox' (member) and 'stackbox-admin')

Prints one JSON object with what the SDK saw at each step, so the node test can assert on it.
  actions  pause/unpause, suspend/resume, resize + confirm, resize + revert, image create and a
           boot from it, shelve/unshelve, rescue/unrescue, change password, a remote console URL
  admin    migrate + confirm, an anti-affinity group over two hosts, quota show/set and its
           enforcement, usage list/show, aggregate + host + availability zone, compute services
           disable/enable, hypervisors
  volumes  volume create, snapshot, volume from snapshot and from an image, a type, attach and
           detach through Nova, boot from volume
Any SDK exception that is not expected propagates (non-zero exit, traceback on stderr).
"""
import json
import sys
import time
import urllib.request

import openstack
from openstack import exceptions

WAIT = dict(interval=1, wait=90)


def boot(conn, name, **extra):
    image = conn.image.find_image("cirros-0.6.2", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    net = conn.network.find_network("private", ignore_missing=False)
    args = dict(name=name, flavor_id=flavor.id, networks=[{"uuid": net.id}])
    if "block_device_mapping" not in extra:
        args["image_id"] = image.id
    args.update(extra)
    server = conn.compute.create_server(**args)
    return conn.compute.wait_for_server(server, status="ACTIVE", **WAIT)


def status_after(conn, server, action, status):
    action(server)
    return conn.compute.wait_for_server(server, status=status, **WAIT).status


def flavor_name(conn, server):
    return conn.compute.get_server(server.id).flavor.name


def wait_image_active(conn, image_id):
    for _ in range(90):
        image = conn.image.get_image(image_id)
        if image.status == "active":
            return image
        time.sleep(1)
    raise RuntimeError("image %s not active: %s" % (image_id, image.status))


def actions(conn):
    c = conn.compute
    out = {}
    server = boot(conn, "sdk-actions")
    out["pause"] = [status_after(conn, server, c.pause_server, "PAUSED"),
                    status_after(conn, server, c.unpause_server, "ACTIVE")]
    out["suspend"] = [status_after(conn, server, c.suspend_server, "SUSPENDED"),
                      status_after(conn, server, c.resume_server, "ACTIVE")]
    try:
        c.unpause_server(server)
        out["unpause_active"] = "accepted"
    except exceptions.ConflictException as e:
        out["unpause_active"] = e.status_code

    small = c.find_flavor("m1.small", ignore_missing=False)
    medium = c.find_flavor("m1.medium", ignore_missing=False)
    out["resize"] = [status_after(conn, server, lambda s: c.resize_server(s, small), "VERIFY_RESIZE"),
                     status_after(conn, server, c.confirm_server_resize, "ACTIVE"),
                     flavor_name(conn, server)]
    out["revert"] = [status_after(conn, server, lambda s: c.resize_server(s, medium), "VERIFY_RESIZE"),
                     status_after(conn, server, c.revert_server_resize, "ACTIVE"),
                     flavor_name(conn, server)]

    image = c.create_server_image(server, "sdk-snap", metadata={"purpose": "sdk"}, wait=True, timeout=90)
    image = wait_image_active(conn, image.id)
    props = image.properties or {}
    out["image"] = {"status": image.status,
                    "image_type": props.get("image_type"),
                    "instance_uuid": (image.instance_uuid or props.get("instance_uuid")) == server.id,
                    "purpose": props.get("purpose")}
    child = conn.compute.create_server(
        name="sdk-from-snap", image_id=image.id,
        flavor_id=small.id, networks=[{"uuid": conn.network.find_network("private").id}])
    child = c.wait_for_server(child, status="ACTIVE", **WAIT)
    out["boot_from_snapshot"] = {"status": child.status, "image": child.image.id == image.id}
    c.delete_server(child)
    c.wait_for_delete(child, **WAIT)

    out["shelve"] = [status_after(conn, server, c.shelve_server, "SHELVED_OFFLOADED"),
                     status_after(conn, server, c.unshelve_server, "ACTIVE")]
    out["rescue"] = [status_after(conn, server, c.rescue_server, "RESCUE"),
                     status_after(conn, server, c.unrescue_server, "ACTIVE")]

    c.change_server_password(server, "n3w-Passw0rd")
    out["password_changed"] = c.get_server(server.id).status

    console = c.create_server_remote_console(server, protocol="vnc", type="novnc")
    with urllib.request.urlopen(console.url, timeout=10) as page:
        out["console"] = {"type": console.type, "protocol": console.protocol, "http": page.status}

    c.delete_server(server)
    c.wait_for_delete(server, **WAIT)
    conn.image.delete_image(image)
    out["deleted"] = c.find_server("sdk-actions") is None
    return out


def admin(conn):
    admin_conn = openstack.connect(cloud="stackbox-admin")
    a = admin_conn.compute
    out = {}

    server = boot(conn, "sdk-migrate")
    before = a.get_server(server.id).compute_host
    a.migrate_server(server)
    out["migrate"] = [a.wait_for_server(server, status="VERIFY_RESIZE", **WAIT).status]
    a.confirm_server_resize(server)
    after = a.wait_for_server(server, status="ACTIVE", **WAIT)
    out["migrate"] += [after.status, after.compute_host != before]
    migrations = [m for m in a.migrations() if m.server_id == server.id]
    out["migrations"] = [(m.migration_type, m.status) for m in migrations]
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, **WAIT)

    group = conn.compute.create_server_group(name="sdk-spread", policy="anti-affinity")
    members = [boot(conn, "sdk-spread-%d" % i, scheduler_hints={"group": group.id}) for i in range(2)]
    hosts = {a.get_server(m.id).compute_host for m in members}
    out["group"] = {"policy": conn.compute.get_server_group(group.id).policy,
                    "members": len(conn.compute.get_server_group(group.id).member_ids),
                    "distinct_hosts": len(hosts)}
    for m in members:
        conn.compute.delete_server(m)
    for m in members:
        conn.compute.wait_for_delete(m, **WAIT)
    conn.compute.delete_server_group(group)

    project = conn.current_project_id
    # (openstacksdk 0.101 asks for usage with ?usage=True, which Nova ignores, so only the limits)
    quota = a.get_quota_set(project)
    out["quota_before"] = quota.instances
    a.update_quota_set(quota, instances=1)
    out["quota_after"] = a.get_quota_set(project).instances
    first = boot(conn, "sdk-quota-1")
    try:
        conn.compute.create_server(
            name="sdk-quota-2", image_id=first.image.id,
            flavor_id=conn.compute.find_flavor("m1.tiny", ignore_missing=False).id,
            networks=[{"uuid": conn.network.find_network("private").id}])
        out["over_quota"] = "accepted"
    except exceptions.HttpException as e:
        out["over_quota"] = [e.status_code, "Quota exceeded" in str(e)]
    conn.compute.delete_server(first)
    conn.compute.wait_for_delete(first, **WAIT)
    a.revert_quota_set(project)
    out["quota_reverted"] = a.get_quota_set(project).instances

    usages = list(a.usages(start="2000-01-01T00:00:00", end="2100-01-01T00:00:00"))
    out["usage"] = {"projects": project in [u.project_id for u in usages],
                    "show_servers": len(a.get_usage(project, start="2000-01-01T00:00:00",
                                                    end="2100-01-01T00:00:00").server_usages) > 0}

    host = sorted(h.name for h in a.hypervisors())[0]
    agg = a.create_aggregate(name="sdk-agg", availability_zone="sdk-az")
    a.add_host_to_aggregate(agg, host)
    out["aggregate"] = {"hosts": a.get_aggregate(agg.id).hosts,
                        "zones": sorted(z.name for z in a.availability_zones())}
    a.remove_host_from_aggregate(agg, host)
    a.delete_aggregate(agg)
    out["aggregate"]["host"] = host

    compute_services = [s for s in a.services() if s.binary == "nova-compute"]
    svc = compute_services[0]
    a.disable_service(svc, svc.host, "nova-compute", disabled_reason="sdk maintenance")
    disabled = [s for s in a.services() if s.id == svc.id][0]
    a.enable_service(svc, svc.host, "nova-compute")
    enabled = [s for s in a.services() if s.id == svc.id][0]
    out["services"] = {"count": len(compute_services), "disabled": [disabled.status, disabled.disabled_reason],
                       "enabled": enabled.status}
    out["hypervisors"] = len(list(a.hypervisors(details=True)))
    return out


def volumes(conn):
    bs = conn.block_storage
    out = {}
    vol = bs.wait_for_status(bs.create_volume(size=1, name="sdk-vol"), "available", **WAIT)
    snap = bs.wait_for_status(bs.create_snapshot(volume_id=vol.id, name="sdk-snap"), "available", **WAIT)
    from_snap = bs.wait_for_status(bs.create_volume(snapshot_id=snap.id, name="sdk-from-snap"), "available", **WAIT)
    image = conn.image.find_image("cirros-0.6.2", ignore_missing=False)
    from_image = bs.wait_for_status(bs.create_volume(size=1, image_id=image.id, name="sdk-from-image"),
                                    "available", **WAIT)
    out["created"] = {"snapshot": snap.status, "from_snapshot": from_snap.snapshot_id == snap.id,
                      "from_image_bootable": bs.get_volume(from_image.id).is_bootable}

    admin_conn = openstack.connect(cloud="stackbox-admin")
    vtype = admin_conn.block_storage.create_type(name="sdk-type", extra_specs={"volume_backend_name": "lvm"})
    out["type"] = sorted(t.name for t in bs.types())
    admin_conn.block_storage.delete_type(vtype)

    server = boot(conn, "sdk-vol-server")
    attachment = conn.compute.create_volume_attachment(server, volume_id=vol.id)
    in_use = bs.wait_for_status(bs.get_volume(vol.id), "in-use", **WAIT)
    out["attached"] = {"device": attachment.device, "status": in_use.status,
                       "server": [a["server_id"] for a in in_use.attachments] == [server.id]}
    conn.compute.delete_volume_attachment(attachment, server)
    out["detached"] = bs.wait_for_status(bs.get_volume(vol.id), "available", **WAIT).status

    bfv = boot(conn, "sdk-bfv", block_device_mapping=[{
        "boot_index": 0, "uuid": image.id, "source_type": "image", "destination_type": "volume",
        "volume_size": 1, "delete_on_termination": True}])
    attached = conn.compute.get_server(bfv.id).attached_volumes
    root = bs.get_volume(attached[0]["id"])
    out["boot_from_volume"] = {"status": bfv.status, "root": root.status, "bootable": root.is_bootable}
    conn.compute.delete_server(bfv)
    conn.compute.wait_for_delete(bfv, **WAIT)
    for _ in range(60):
        if bs.find_volume(root.id) is None:
            break
        time.sleep(1)
    out["root_deleted"] = bs.find_volume(root.id) is None

    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, **WAIT)
    for v in (from_snap, from_image):
        bs.delete_volume(v)
        bs.wait_for_delete(v, **WAIT)
    bs.delete_snapshot(snap)
    bs.wait_for_delete(snap, **WAIT)
    bs.delete_volume(vol)
    bs.wait_for_delete(vol, **WAIT)
    out["left"] = sorted(v.name for v in bs.volumes())
    return out


if __name__ == "__main__":
    mode = sys.argv[1]
    connection = openstack.connect(cloud="stackbox")
    print(json.dumps({"actions": actions, "admin": admin, "volumes": volumes}[mode](connection)))
