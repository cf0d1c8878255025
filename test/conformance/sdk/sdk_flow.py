"""openstacksdk against stackbox, as an application would use it.

Usage: /usr/bin/python3 sdk_flow.py discover|servers   (OS_CLIENT_CONFIG_FILE names the clouds.yaml)

Prints one JSON object with what the SDK saw at each step, so the node test can assert on it.
`servers` runs create -> wait -> interfaces -> attach/detach -> power actions -> delete.
Any SDK exception propagates (non-zero exit, traceback on stderr).
"""
import json
import sys

import openstack


def discover(conn):
    return {
        "flavors": sorted(f.name for f in conn.compute.flavors()),
        "images": sorted(i.name for i in conn.image.images()),
        "networks": sorted(n.name for n in conn.network.networks()),
        "compute_max_microversion": "%d.%d" % tuple(conn.compute.get_endpoint_data().max_microversion),
        "flavor_by_name": conn.compute.find_flavor("m1.tiny", ignore_missing=False).id,
        "image_by_name": conn.image.find_image("cirros-0.6.2", ignore_missing=False).name,
        "missing_server": conn.compute.find_server("no-such-server") is None,
    }


def servers(conn):
    out = {}
    image = conn.image.find_image("cirros-0.6.2", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    net = conn.network.find_network("private", ignore_missing=False)
    server = conn.compute.create_server(
        name="sdk-vm", image_id=image.id, flavor_id=flavor.id, networks=[{"uuid": net.id}])
    server = conn.compute.wait_for_server(server, status="ACTIVE", interval=1, wait=60)
    out["created"] = {"status": server.status, "name": server.name,
                      "found_by_name": conn.compute.find_server("sdk-vm").id == server.id}

    boot = list(conn.compute.server_interfaces(server))
    out["boot_interfaces"] = [{"net_id": i.net_id, "port_state": i.port_state,
                               "has_ip": bool(i.fixed_ips)} for i in boot]

    added = conn.compute.create_server_interface(server, net_id=net.id)
    out["attached"] = {"net_id": added.net_id, "port_state": added.port_state,
                       "has_ip": bool(added.fixed_ips), "mac": added.mac_addr}
    out["after_attach"] = len(list(conn.compute.server_interfaces(server)))
    conn.compute.delete_server_interface(added.port_id, server=server)
    for _ in range(30):
        left = [i.port_id for i in conn.compute.server_interfaces(server)]
        if added.port_id not in left:
            break
    out["after_detach"] = len(left)

    conn.compute.stop_server(server)
    out["stopped"] = conn.compute.wait_for_server(server, status="SHUTOFF", interval=1, wait=60).status
    conn.compute.start_server(server)
    out["started"] = conn.compute.wait_for_server(server, status="ACTIVE", interval=1, wait=60).status
    conn.compute.reboot_server(server, "SOFT")
    out["rebooted"] = conn.compute.wait_for_server(server, status="ACTIVE", interval=1, wait=60).status

    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, interval=1, wait=60)
    out["deleted"] = conn.compute.find_server(server.id) is None
    return out


def main():
    conn = openstack.connect(cloud="stackbox")
    step = sys.argv[1]
    result = discover(conn) if step == "discover" else servers(conn)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
