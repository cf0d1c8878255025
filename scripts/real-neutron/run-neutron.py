#!/usr/bin/python3
"""The real Neutron API (Debian python3-neutron 21, Zed) on loopback.

    /usr/bin/python3 scripts/real-neutron/run-neutron.py [PORT] [--log-level L]

Runs what neutron-server runs with api_workers = 0 (neutron.service.serve_wsgi
with NeutronApiService: neutron's eventlet WSGI server, the paste pipeline
"cors http_proxy_to_wsgi request_id catch_errors osprofiler <auth>
keystonecontext extensions neutronapiapp_v2_0", the ML2 core plugin (flat,
vlan, vxlan and geneve type drivers, the port_security and dns extension
drivers), the L3 router, metering and segments service plugins and Zed's default ones,
the shipped in-code policy defaults) in this one process, with an in-memory sqlite database whose
schema comes from neutron's models and a fake:// RPC transport (no agents).
Then seeds devstack's topology as stackbox does (src/store/seed-network.ts):
the shared `private` network with an IPv4 and an IPv6 subnet and the external
`public` network with one subnet, all owned by the admin project. Prints

    NEUTRON_READY http://127.0.0.1:PORT pid=N log=FILE

The only stand-in is <auth>: instead of keystonemiddleware's auth_token, a
filter of this file reads `X-Auth-Token: <user>:<project>:<role>[,<role>...]`
and sets the headers auth_token would have set for such a token (X-User-Id,
X-Project-Id, X-Roles); any other token or none sets none of them, and
neutron's keystonecontext answers 401. Stop it with `kill PID`.
"""

from neutron.common import eventlet_utils

eventlet_utils.monkey_patch()  # what neutron/cmd/eventlet does first

import argparse  # noqa: E402
import json  # noqa: E402
import logging as std_logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import urllib.request  # noqa: E402

import webob.dec  # noqa: E402

# the project ids the parity cases use (test/parity/targets.ts)
ADMIN_PROJECT = 'ad0000000000000000000000000000ad'

PASTE = """[composite:neutron]
use = egg:Paste#urlmap
/: neutronversions
/v2.0: neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = cors http_proxy_to_wsgi request_id catch_errors osprofiler tokenheaders keystonecontext extensions neutronapiapp_v2_0

[pipeline:neutronversions]
pipeline = cors http_proxy_to_wsgi neutronversionsapp

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:catch_errors]
paste.filter_factory = oslo_middleware:CatchErrors.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = neutron

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory

[filter:tokenheaders]
paste.filter_factory = __main__:token_headers_factory

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[filter:extensions]
paste.filter_factory = neutron.api.extensions:plugin_aware_extension_middleware_factory

[app:neutronversionsapp]
paste.app_factory = neutron.pecan_wsgi.app:versions_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
"""

# As stackbox's simulated deployment (src/domain/ports/provider.ts): flat on any
# physical network, VLANs on physnet1 (1000:2999), tenant networks VXLAN, and
# DNS integration under Neutron's default domain. Stackbox gives every network
# an MTU of 1500; ML2 subtracts the 50-byte VXLAN/Geneve overhead from the
# physical MTU, so the underlay is 1550 and the flat/vlan networks are capped
# at 1500 (public, physnet1 and the parityseg1-9 networks of the segment
# parity cases: any other flat network would get 1550). The tunnel ranges are 1:1000, not stackbox's whole 24-bit space:
# ML2 writes one allocation row per id at start-up (16 million would take
# hours); only which id a tenant network draws depends on it.
CONFIG = """[DEFAULT]
bind_host = {host}
bind_port = {port}
api_workers = 0
rpc_workers = 0
rpc_state_report_workers = 0
auth_strategy = keystone
api_paste_config = {tmp}/api-paste.ini
core_plugin = ml2
service_plugins = router,metering,segments
dns_domain = openstacklocal
global_physnet_mtu = 1550
transport_url = fake:/
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
state_path = {tmp}
log_file = {log}
use_stderr = false

[database]
connection = sqlite://

[oslo_concurrency]
lock_path = {tmp}/locks

[oslo_policy]
policy_file = {tmp}/none.yaml

[ml2]
type_drivers = flat,vlan,vxlan,geneve
tenant_network_types = vxlan
mechanism_drivers =
extension_drivers = port_security,dns
physical_network_mtus = public:1500,physnet1:1500,parityseg1:1500,parityseg2:1500,parityseg3:1500,parityseg4:1500,parityseg5:1500,parityseg6:1500,parityseg7:1500,parityseg8:1500,parityseg9:1500

[ml2_type_flat]
flat_networks = *

[ml2_type_vlan]
network_vlan_ranges = physnet1:1000:2999

[ml2_type_vxlan]
vni_ranges = 1:1000

[ml2_type_geneve]
vni_ranges = 1:1000

[securitygroup]
enable_security_group = true
"""

# the headers keystonemiddleware sets; a client must not be able to send them
IDENTITY_HEADERS = ('X-Identity-Status', 'X-User-Id', 'X-Tenant-Id',
                    'X-Project-Id', 'X-Roles', 'X-Service-Catalog',
                    'X-User-Name', 'X-Project-Name')


def token_headers_factory(global_conf, **local_conf):
    def make(app):
        @webob.dec.wsgify
        def token_headers(req):
            for h in IDENTITY_HEADERS:
                req.headers.pop(h, None)
            parts = (req.headers.get('X-Auth-Token') or '').split(':')
            if len(parts) == 3:
                user, project, roles = parts
                req.headers['X-Identity-Status'] = 'Confirmed'
                req.headers['X-User-Id'] = user
                req.headers['X-Project-Id'] = project
                req.headers['X-Roles'] = roles
            return req.get_response(app)
        return token_headers
    return make


def seed(base):
    """devstack's topology, as src/store/seed-network.ts makes it"""
    token = 'admin:%s:admin,member,reader' % ADMIN_PROJECT

    def post(path, body):
        req = urllib.request.Request(
            base + '/v2.0' + path, data=json.dumps(body).encode(),
            method='POST', headers={'X-Auth-Token': token,
                                    'Content-Type': 'application/json'})
        with urllib.request.urlopen(req) as res:
            return json.loads(res.read())

    priv = post('/networks', {'network': {'name': 'private', 'shared': True}})
    post('/subnets', {'subnet': {
        'network_id': priv['network']['id'], 'name': 'private-subnet',
        'ip_version': 4, 'cidr': '10.0.0.0/24'}})
    post('/subnets', {'subnet': {
        'network_id': priv['network']['id'], 'name': 'private-subnet-v6',
        'ip_version': 6, 'cidr': 'fd00:10::/64',
        'ipv6_address_mode': 'dhcpv6-stateful',
        'ipv6_ra_mode': 'dhcpv6-stateful'}})
    pub = post('/networks', {'network': {
        'name': 'public', 'router:external': True,
        'provider:network_type': 'flat',
        'provider:physical_network': 'public'}})
    post('/subnets', {'subnet': {
        'network_id': pub['network']['id'], 'name': 'public-subnet',
        'ip_version': 4, 'cidr': '172.24.4.0/24'}})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('port', nargs='?', type=int, default=9696)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--log-level', default='WARNING',
                   choices=['DEBUG', 'INFO', 'WARNING', 'ERROR'])
    p.add_argument('--log-file')
    args = p.parse_args()
    if not args.host.startswith('127.'):
        p.error('--host must be a 127.x address')
    if args.port == 0:
        with socket.socket() as s:
            s.bind((args.host, 0))
            args.port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix='real-neutron-')
    os.mkdir(os.path.join(tmp, 'locks'))
    log = args.log_file or os.path.join(
        tempfile.gettempdir(), 'real-neutron-%d.log' % args.port)
    with open(os.path.join(tmp, 'api-paste.ini'), 'w') as f:
        f.write(PASTE)
    conf = os.path.join(tmp, 'neutron.conf')
    with open(conf, 'w') as f:
        f.write(CONFIG.format(host=args.host, port=args.port, log=log,
                              tmp=tmp))

    def stop(signum=None, frame=None):
        shutil.rmtree(tmp, True)
        os._exit(0)

    try:
        from neutron.common import config
        from neutron import service
        from neutron_lib.db import api as db_api
        from neutron_lib.db import model_base
        from neutron.db.migration.models import head  # noqa: F401

        # as neutron.server does before it serves
        config.register_common_config_options()
        config.init(['--config-file', conf])
        config.setup_logging()
        config.set_config_defaults()
        std_logging.getLogger().setLevel(args.log_level)
        # the schema from the models, foreign keys on (cascades as on MySQL)
        db_api.get_context_manager().configure(sqlite_fk=True)
        model_base.BASEV2.metadata.create_all(
            db_api.CONTEXT_WRITER.get_engine())
        api = service.serve_wsgi(service.NeutronApiService)
        base = 'http://%s:%d' % (args.host, api.wsgi_app.port)
        seed(base)
    except Exception as e:  # noqa: BLE001 - report and leave
        sys.stderr.write('real neutron: start-up failed: %r (log %s)\n'
                         % (e, log))
        stop()
    # ML2 installs SIGTERM/SIGINT handlers that do not stop the process
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print('NEUTRON_READY %s pid=%d log=%s' % (base, os.getpid(), log),
          flush=True)
    api.wait()


if __name__ == '__main__':
    main()
