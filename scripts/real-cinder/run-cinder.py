#!/usr/bin/python3
"""The real Cinder block-storage API (Debian python3-cinder 21, Zed) on loopback.

    /usr/bin/python3 scripts/real-cinder/run-cinder.py [PORT] [--log-level L]

Runs, in this one process, what cinder-api, cinder-scheduler and one
cinder-volume run: cinder's own WSGI service (osapi_volume, every v3
controller, JSON-schema validation, microversions 3.0-3.70, the shipped
default policy), the FilterScheduler and a volume manager whose driver is
cinder's functional-test driver (FakeLoggingVolumeDriver, LVM with no-op
shell calls). They talk over oslo.messaging's in-memory fake:// transport;
the database is sqlite in memory, made by cinder's own db_sync. Prints

    CINDER_READY http://127.0.0.1:PORT pid=N log=FILE

The volume service is host "stackbox", backend "lvm" (pool
stackbox@lvm#lvm, as stackbox's default pool is named), zone "nova".
The only stand-in is authentication: instead of keystonemiddleware's
auth_token, a filter of this file reads
`X-Auth-Token: <user>:<project>:<role>[,<role>...]` and sets the headers
auth_token would have set (X-User-Id, X-Project-Id, X-Roles...); cinder's own
keystone context middleware and policy take it from there. Any other token,
or none, gets auth_token's 401. There is no Nova, Glance or cinder-backup.
Stop it with `kill PID`; the temp dir goes too.
"""

import eventlet

eventlet.monkey_patch()

# as cinder's own commands do: the original threading module must see the
# green threads
import __original_module_threading as original_threading  # noqa: E402
import threading  # noqa: E402

original_threading.current_thread.__globals__['_active'] = threading._active

import argparse  # noqa: E402
import json  # noqa: E402
import logging as std_logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import webob  # noqa: E402
import webob.dec  # noqa: E402

# The WSGI pipelines: versions at /, the v3 API at /v3 behind cinder's
# request-id, fault and size-limit middleware, the token stand-in below and
# cinder's keystone context middleware.
PASTE = """[composite:osapi_volume]
use = call:cinder.api:root_app_factory
/: versions
/v3: apiv3pipeline

[pipeline:versions]
pipeline = request_id faultwrap versionsapp

[app:versionsapp]
paste.app_factory = cinder.api.versions:Versions.factory

[pipeline:apiv3pipeline]
pipeline = request_id faultwrap sizelimit tokenheaders keystonecontext apiv3

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory

[filter:request_id]
paste.filter_factory = cinder.api.middleware.request_id:RequestId.factory

[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware.sizelimit:RequestBodySizeLimiter.factory

[filter:tokenheaders]
paste.filter_factory = __main__:token_headers_factory

[filter:keystonecontext]
paste.filter_factory = cinder.api.middleware.auth:CinderKeystoneContext.factory
"""

CONFIG = """[DEFAULT]
host = stackbox
auth_strategy = keystone
api_paste_config = {tmp}/api-paste.ini
resource_query_filters_file = {tmp}/resource_filters.json
state_path = {tmp}
osapi_volume_listen = {host}
osapi_volume_listen_port = {port}
osapi_volume_workers = 1
transport_url = fake:/
enabled_backends = lvm
default_volume_type = __DEFAULT__
storage_availability_zone = nova
log_file = {log}
use_stderr = false

[lvm]
volume_driver = __main__.ParityVolumeDriver
volume_backend_name = lvm
target_helper = fake

[database]
connection = sqlite://

[oslo_concurrency]
lock_path = {tmp}/locks

[coordination]
backend_url = file://{tmp}/coordination

[oslo_messaging_notifications]
driver = noop

[oslo_policy]
policy_file = {tmp}/none.yaml
"""

# the list filters each resource takes: the contents of the
# resource_filters.json Zed's packages install in /etc/cinder
RESOURCE_FILTERS = {
    'volume': ['name', 'status', 'metadata', 'bootable', 'migration_status',
               'availability_zone', 'group_id', 'size', 'created_at',
               'updated_at', 'consumes_quota'],
    'backup': ['name', 'status', 'volume_id'],
    'snapshot': ['name', 'status', 'volume_id', 'metadata',
                 'availability_zone', 'consumes_quota'],
    'group': ['name'],
    'group_snapshot': ['name', 'status', 'group_id'],
    'attachment': ['volume_id', 'status', 'instance_id', 'attach_status'],
    'message': ['resource_uuid', 'resource_type', 'event_id', 'request_id',
                'message_level'],
    'pool': ['name', 'volume_type'],
    'volume_type': ['is_public', 'extra_specs'],
}

# the headers keystonemiddleware sets; a client must not be able to send them
IDENTITY_HEADERS = ('X-Identity-Status', 'X-User-Id', 'X-User', 'X-Tenant-Id',
                    'X-Project-Id', 'X-Tenant', 'X-Roles', 'X-Service-Roles',
                    'X-Service-Catalog', 'X-Project-Name', 'X-Tenant-Name')


def token_headers_factory(global_conf, **local_conf):
    def make(app):
        @webob.dec.wsgify
        def token_headers(req):
            for h in IDENTITY_HEADERS:
                req.headers.pop(h, None)
            parts = (req.headers.get('X-Auth-Token') or '').split(':')
            if len(parts) != 3:
                # keystonemiddleware's answer to a missing or bad token
                res = webob.Response(status=401, json_body={'error': {
                    'code': 401, 'title': 'Unauthorized',
                    'message': 'The request you have made requires '
                               'authentication.'}})
                res.headers['WWW-Authenticate'] = \
                    "Keystone uri='http://127.0.0.1/identity'"
                return res
            user, project, roles = parts
            req.headers['X-Identity-Status'] = 'Confirmed'
            req.headers['X-User-Id'] = user
            req.headers['X-Project-Id'] = project
            req.headers['X-Roles'] = roles
            return req.get_response(app)
        return token_headers
    return make


def volume_driver_class():
    """cinder's functional-test driver, named as configured and able to extend.

    Its fake volume group (cinder.tests.unit.brick.fake_lvm) has no
    extend_volume, so os-extend would end in error_extending; extending
    a volume that only exists in the database is a no-op here.
    """
    from cinder.tests import fake_driver

    class ParityVolumeDriver(fake_driver.FakeLoggingVolumeDriver):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # the fake driver reports backend (and pool) "fake" whatever the
            # configuration says; report the configured one, as LVM does
            self.backend_name = self.configuration.safe_get(
                'volume_backend_name') or 'lvm'

        def extend_volume(self, volume, new_size):
            return None

    return ParityVolumeDriver


def separate_heartbeats(service_module, svc):
    """Each service's heartbeat updates its own services row.

    cinder.service.Service keeps the current service's row id in a class
    attribute (one service per process in a deployment); with the volume and
    scheduler services in one process both heartbeats would update one row
    and the other service would be reported down after a minute.
    """
    report = svc.report_state

    def report_state():
        previous = service_module.Service.service_id
        service_module.Service.service_id = svc.origin_service_id
        try:
            report()
        finally:
            service_module.Service.service_id = previous

    svc.report_state = report_state


def free_port(host):
    # oslo.service reads port 0 literally; pick one (and refuse a port in use:
    # eventlet listens with SO_REUSEPORT and would share it silently)
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_in_use(host, port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def start(args, tmp, log):
    with open(os.path.join(tmp, 'api-paste.ini'), 'w') as f:
        f.write(PASTE)
    with open(os.path.join(tmp, 'resource_filters.json'), 'w') as f:
        json.dump(RESOURCE_FILTERS, f)
    conf_file = os.path.join(tmp, 'cinder.conf')
    with open(conf_file, 'w') as f:
        f.write(CONFIG.format(tmp=tmp, host=args.host, port=args.port,
                              log=log))

    from oslo_config import cfg
    from oslo_log import log as logging

    from cinder import i18n

    i18n.enable_lazy()
    from cinder.common import config  # noqa: F401 - registers the options
    from cinder.common import constants
    from cinder import coordination
    from cinder.db import migration
    from cinder.db.sqlalchemy import api as db_api
    from cinder import objects
    from cinder import rpc
    from cinder import service
    from cinder import version

    sys.modules['__main__'].ParityVolumeDriver = volume_driver_class()
    objects.register_all()
    conf = cfg.CONF
    conf([], project='cinder', version=version.version_string(),
         default_config_files=[conf_file])
    config.set_middleware_defaults()
    logging.setup(conf, 'cinder')
    std_logging.captureWarnings(True)
    std_logging.getLogger().setLevel(args.log_level)
    if args.log_level != 'DEBUG':
        for name in ('py.warnings', 'oslo_policy',
                     'oslo_messaging.rpc.client'):
            std_logging.getLogger(name).setLevel(std_logging.ERROR)

    db_api.configure(conf)
    migration.db_sync()
    coordination.COORDINATOR.start()
    rpc.init(conf)

    # the scheduler first, as a deployment usually starts them (the
    # services list is in the order the services first started)
    scheduler = service.Service.create(binary=constants.SCHEDULER_BINARY)
    separate_heartbeats(service, scheduler)
    scheduler.start()
    volume = service.Service.create(
        host='stackbox@lvm', service_name='lvm',
        binary=constants.VOLUME_BINARY, coordination=True)
    separate_heartbeats(service, volume)
    volume.start()
    # the id the volume manager writes into its workers rows
    service.Service.service_id = volume.origin_service_id

    api = service.WSGIService('osapi_volume')
    api.start()
    # creates only find a backend once the scheduler has the volume
    # service's capabilities
    for _ in range(200):
        if scheduler.manager.driver.is_first_receive():
            break
        eventlet.sleep(0.05)
    return api


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('port', nargs='?', type=int, default=8776)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--log-level', default='WARNING',
                   choices=['DEBUG', 'INFO', 'WARNING', 'ERROR'])
    p.add_argument('--log-file')
    args = p.parse_args()
    if not args.host.startswith('127.'):
        p.error('--host must be a 127.x address')
    if args.port == 0:
        args.port = free_port(args.host)
    elif port_in_use(args.host, args.port):
        p.error('%s:%d is in use' % (args.host, args.port))
    tmp = tempfile.mkdtemp(prefix='real-cinder-')
    for d in ('locks', 'coordination'):
        os.mkdir(os.path.join(tmp, d))
    log = args.log_file or os.path.join(
        tempfile.gettempdir(), 'real-cinder-%d.log' % args.port)

    def stop(signum=None, frame=None):
        shutil.rmtree(tmp, True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        api = start(args, tmp, log)
    except Exception as e:  # noqa: BLE001 - report and leave
        sys.stderr.write('real cinder: start-up failed: %r (log %s)\n'
                         % (e, log))
        shutil.rmtree(tmp, True)
        os._exit(1)
    print('CINDER_READY http://%s:%d pid=%d log=%s'
          % (args.host, api.port, os.getpid(), log), flush=True)
    # the accept loop's green thread keeps the process alive
    api.server._server.wait()
    while True:
        eventlet.sleep(3600)


if __name__ == '__main__':
    main()
