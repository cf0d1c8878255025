#!/usr/bin/python3
"""The real Glance image API (Debian python3-glance 25, Zed) on loopback.

    /usr/bin/python3 scripts/real-glance/run-glance.py [PORT] [--log-level L]

Runs what glance-api runs (glance.common.wsgi.Server, the paste pipeline
"cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler <auth>
context rootapp", every v2 controller, the shipped default policy) in this
one process (workers = 0), with a sqlite file made by `glance-manage db sync`
and the file store, both in a temp dir. Prints

    GLANCE_READY http://127.0.0.1:PORT pid=N log=FILE

The only stand-in is <auth>: instead of keystonemiddleware's auth_token, a
filter of this file reads `X-Auth-Token: <user>:<project>:<role>[,<role>...]`
and sets the headers auth_token would have set for such a token
(X-Identity-Status: Confirmed, X-User-Id, X-Project-Id, X-Roles); any other
token or none is X-Identity-Status: Invalid, as auth_token with Zed's
delay_auth_decision = true passes it on. Glance's own context middleware
(401 for an invalid identity) and policy take it from there.
Stop it with `kill PID`; the temp dir goes too.
"""

import eventlet

eventlet.hubs.get_hub()
eventlet.patcher.monkey_patch()

# glance/cmd/api.py does the same so that the original threading module
# knows the green threads
import __original_module_threading as original_threading  # noqa: E402
import threading  # noqa: E402

original_threading.current_thread.__globals__['_active'] = threading._active

import argparse  # noqa: E402
import logging as std_logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import webob.dec  # noqa: E402

PASTE = """[pipeline:glance-api-parity]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler tokenheaders context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = {tmp}/healthcheck_disable

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[filter:tokenheaders]
paste.filter_factory = __main__:token_headers_factory

[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
"""

CONFIG = """[DEFAULT]
bind_host = {host}
bind_port = {port}
workers = 0
log_file = {log}
use_stderr = false
node_staging_uri = file://{tmp}/staging
enabled_import_methods = [glance-direct,web-download,copy-image]

[paste_deploy]
flavor = parity
config_file = {tmp}/paste.ini

[glance_store]
stores = file,http
default_store = file
filesystem_store_datadir = {tmp}/images/

[database]
connection = sqlite:///{tmp}/glance.sqlite

[oslo_concurrency]
lock_path = {tmp}/locks

[oslo_messaging_notifications]
driver = noop

[oslo_policy]
policy_file = {tmp}/none.yaml

[task]
work_dir = {tmp}/tasks
"""

# the headers keystonemiddleware sets; a client must not be able to send them
IDENTITY_HEADERS = ('X-Identity-Status', 'X-User-Id', 'X-Tenant-Id',
                    'X-Project-Id', 'X-Roles', 'X-Service-Catalog')


def token_headers_factory(global_conf, **local_conf):
    def make(app):
        @webob.dec.wsgify
        def token_headers(req):
            for h in IDENTITY_HEADERS:
                req.headers.pop(h, None)
            parts = (req.headers.get('X-Auth-Token') or '').split(':')
            if len(parts) != 3:
                # auth_token with delay_auth_decision (Zed's paste file):
                # glance's context middleware then answers 401
                req.headers['X-Identity-Status'] = 'Invalid'
                return req.get_response(app)
            user, project, roles = parts
            req.headers['X-Identity-Status'] = 'Confirmed'
            req.headers['X-User-Id'] = user
            req.headers['X-Project-Id'] = project
            req.headers['X-Roles'] = roles
            return req.get_response(app)
        return token_headers
    return make


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('port', nargs='?', type=int, default=9292)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--log-level', default='WARNING',
                   choices=['DEBUG', 'INFO', 'WARNING', 'ERROR'])
    p.add_argument('--log-file')
    args = p.parse_args()
    if not args.host.startswith('127.'):
        p.error('--host must be a 127.x address')

    if args.port == 0:
        # glance's server reads 0 as "use the default port": pick one here
        with socket.socket() as s:
            s.bind((args.host, 0))
            args.port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix='real-glance-')

    def stop(signum=None, frame=None):
        shutil.rmtree(tmp, True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for d in ('images', 'staging', 'locks', 'tasks'):
        os.mkdir(os.path.join(tmp, d))
    log = args.log_file or os.path.join(
        tempfile.gettempdir(), 'real-glance-%d.log' % args.port)
    with open(os.path.join(tmp, 'paste.ini'), 'w') as f:
        f.write(PASTE.format(tmp=tmp))
    conf = os.path.join(tmp, 'glance-api.conf')
    with open(conf, 'w') as f:
        f.write(CONFIG.format(host=args.host, port=args.port, log=log, tmp=tmp))

    try:
        # the schema, exactly as an operator makes it
        subprocess.run([sys.executable, '-c',
                        'import sys; from glance.cmd.manage import main; '
                        'sys.exit(main())', '--config-file', conf, 'db',
                        'sync'], check=True, capture_output=True)

        from oslo_config import cfg
        from oslo_log import log as logging

        import glance.async_
        from glance.common import config
        from glance.common import wsgi
        from glance import notifier

        conf_obj = cfg.CONF
        conf_obj.import_group('profiler', 'glance.common.wsgi')
        logging.register_options(conf_obj)
        wsgi.register_cli_opts()
        config.parse_args(args=[], default_config_files=[conf])
        config.set_config_defaults()
        wsgi.set_eventlet_hub()
        logging.setup(conf_obj, 'glance')
        std_logging.getLogger().setLevel(args.log_level)
        notifier.set_defaults()
        glance.async_.set_threadpool_model('eventlet')
        server = wsgi.Server(initialize_glance_store=True)
        server.start(config.load_paste_app('glance-api'), default_port=9292)
    except Exception as e:  # noqa: BLE001 - report and leave
        sys.stderr.write('real glance: start-up failed: %r (log %s)\n'
                         % (e, log))
        if isinstance(e, subprocess.CalledProcessError):
            sys.stderr.write(e.stderr.decode(errors='replace')[-2000:])
        stop()
    port = server.sock.getsockname()[1]
    print('GLANCE_READY http://%s:%d pid=%d log=%s'
          % (args.host, port, os.getpid(), log), flush=True)
    server.wait()


if __name__ == '__main__':
    main()
