"""openstacksdk against stackbox, as an application would use it.

Usage: /usr/bin/python3 sdk_flow.py discover|servers|reachable   (OS_CLIENT_CONFIG_FILE names the clouds.yaml)

Prints one JSON object with what the SDK saw at each step, so the node test can assert on it.
`servers` runs create -> wait -> interfaces -> attach/detach -> power actions -> delete.
`reachable` builds a server one can reach: network, subnet, router with a gateway and an
interface, a security group with rules, a server in it, a floating IP on its port; then takes it
all down again.
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


def reachable(conn):
    out = {}
    image = conn.image.find_image("cirros-0.6.2", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    public = conn.network.find_network("public", ignore_missing=False)
    net = conn.network.create_network(name="sdk-reach-net")
    subnet = conn.network.create_subnet(name="sdk-reach-subnet", network_id=net.id,
                                        ip_version=4, cidr="10.52.0.0/24")
    router = conn.network.create_router(name="sdk-reach-router",
                                        external_gateway_info={"network_id": public.id})
    conn.network.add_interface_to_router(router, subnet_id=subnet.id)
    out["router"] = {"gateway_network": router.external_gateway_info["network_id"] == public.id}

    group = conn.network.create_security_group(name="sdk-reach-sg", description="ssh and ping")
    ssh = conn.network.create_security_group_rule(
        security_group_id=group.id, direction="ingress", ethertype="IPv4", protocol="tcp",
        port_range_min=22, port_range_max=22, remote_ip_prefix="0.0.0.0/0")
    conn.network.create_security_group_rule(
        security_group_id=group.id, direction="ingress", ethertype="IPv4", protocol="icmp")
    out["rules"] = sorted((r.direction, r.protocol or "any", r.port_range_min or 0)
                          for r in conn.network.security_group_rules(security_group_id=group.id))
    out["ssh_rule"] = {"min": ssh.port_range_min, "max": ssh.port_range_max}

    server = conn.compute.create_server(
        name="sdk-reach-vm", image_id=image.id, flavor_id=flavor.id,
        networks=[{"uuid": net.id}], security_groups=[{"name": group.name}])
    server = conn.compute.wait_for_server(server, status="ACTIVE", interval=1, wait=60)
    port = next(conn.network.ports(device_id=server.id))
    out["port_groups"] = [conn.network.get_security_group(g).name for g in port.security_group_ids]

    fip = conn.network.create_ip(floating_network_id=public.id)
    fip = conn.network.update_ip(fip, port_id=port.id)
    out["fip"] = {"fixed": fip.fixed_ip_address == port.fixed_ips[0]["ip_address"],
                  "router": fip.router_id == router.id}
    shown = conn.compute.get_server(server.id)
    out["server_addresses"] = sorted(
        (a["addr"] == fip.floating_ip_address, a["OS-EXT-IPS:type"])
        for a in shown.addresses["sdk-reach-net"])

    conn.network.update_ip(fip, port_id=None)
    out["after_remove"] = [a["OS-EXT-IPS:type"]
                           for a in conn.compute.get_server(server.id).addresses["sdk-reach-net"]]
    conn.network.delete_ip(fip)
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, interval=1, wait=60)
    conn.network.remove_interface_from_router(router, subnet_id=subnet.id)
    conn.network.delete_router(router)
    conn.network.delete_security_group(group)
    conn.network.delete_subnet(subnet)
    conn.network.delete_network(net)
    out["left"] = {
        "network": conn.network.find_network("sdk-reach-net") is None,
        "router": conn.network.find_router("sdk-reach-router") is None,
        "group": conn.network.find_security_group("sdk-reach-sg") is None,
        "floating_ip": conn.network.find_ip(fip.id) is None,
    }
    return out


STEPS = {"discover": discover, "servers": servers, "reachable": reachable}


def main():
    conn = openstack.connect(cloud="stackbox")
    json.dump(STEPS[sys.argv[1]](conn), sys.stdout)


if __name__ == "__main__":
    main()
