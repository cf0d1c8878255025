#!/usr/bin/python3
"""The real Keystone identity API (Debian python3-keystone 22, Zed) on loopback.

    /usr/bin/python3 scripts/real-keystone/run-keystone.py [PORT] [--log-level L]

Serves keystone's own Flask application (the one keystone-wsgi-public loads)
with SQL backends on an in-memory sqlite database, fernet tokens and the
in-code default policy. The schema comes from keystone's migrations, the admin
user/project/roles, region and identity endpoints from keystone's Bootstrapper
(what `keystone-manage bootstrap` runs); the other users, projects and roles
are created through keystone's managers, seeded as stackbox seeds them. Prints

    KEYSTONE_READY http://127.0.0.1:PORT pid=N log=FILE

once it answers. Users (domain Default, password "secret", each with its
project as default project): admin (admin, member, reader on project admin,
admin on the system), demo (member, reader on project demo), alt_demo (member,
reader on project alt_demo), service (service on project service). Stop it
with `kill PID`; the temp dir goes with it.
"""

import argparse
import atexit
import logging
import os
import shutil
import signal
import sys
import tempfile
import uuid
from unittest import mock
from wsgiref import simple_server

PASSWORD = 'secret'

CONFIG = """[DEFAULT]
log_file = {log}
use_stderr = false

[database]
connection = sqlite://

[token]
provider = fernet

[fernet_tokens]
key_repository = {tmp}/fernet-tokens

[fernet_receipts]
key_repository = {tmp}/fernet-receipts

[credential]
key_repository = {tmp}/credential-keys

[oslo_policy]
policy_file = {tmp}/none.yaml
"""


def make_keys_and_schema():
    """keystone-manage fernet_setup + credential_setup + db_sync."""
    import keystone.conf
    from keystone.common import fernet_utils
    from keystone.common.sql import upgrades

    conf = keystone.conf.CONF
    for group in ('fernet_tokens', 'fernet_receipts', 'credential'):
        section = getattr(conf, group)
        keys = fernet_utils.FernetUtils(
            section.key_repository, getattr(section, 'max_active_keys', 3), group)
        keys.create_key_directory()
        if keys.validate_key_repository(requires_write=True):
            keys.initialize_key_repository()
    upgrades.offline_sync_database_to_version()


def seed(url):
    """keystone-manage bootstrap, then the users the parity cases log in as."""
    from keystone.cmd import bootstrap
    from keystone.common import provider_api

    # the application loaded the backends already; a second load would fail
    with mock.patch.object(bootstrap.backends, 'load_backends'):
        b = bootstrap.Bootstrapper()
    b.admin_username, b.admin_password = 'admin', PASSWORD
    b.project_name, b.admin_role_name = 'admin', 'admin'
    b.service_name, b.service_id, b.region_id = 'keystone', None, 'RegionOne'
    b.public_url = b.internal_url = b.admin_url = url
    b.immutable_roles = True
    b.bootstrap()

    apis = provider_api.ProviderAPIs
    roles = {'admin': b.admin_role_id, 'member': b.member_role_id,
             'reader': b.reader_role_id}
    service_role = apis.role_api.create_role(uuid.uuid4().hex, {
        'id': uuid.uuid4().hex, 'name': 'service'})
    roles['service'] = service_role['id']
    # as stackbox seeds them: each user has a default project and holds
    # its roles there explicitly (not only through implied roles)
    apis.identity_api.update_user(b.admin_user_id,
                                  {'default_project_id': b.project_id})
    for role in ('member', 'reader'):
        apis.assignment_api.add_role_to_user_and_project(
            b.admin_user_id, b.project_id, roles[role])
    for name, granted in (('demo', ('member', 'reader')),
                          ('alt_demo', ('member', 'reader')),
                          ('service', ('service',))):
        project_id = uuid.uuid4().hex
        apis.resource_api.create_project(project_id, {
            'id': project_id, 'name': name, 'domain_id': 'default',
            'enabled': True, 'description': ''})
        user = apis.identity_api.create_user({
            'name': name, 'domain_id': 'default', 'enabled': True,
            'password': PASSWORD, 'default_project_id': project_id})
        for role in granted:
            apis.assignment_api.add_role_to_user_and_project(
                user['id'], project_id, roles[role])


class QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        logging.getLogger('real-keystone').info(fmt, *args)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('port', nargs='?', type=int, default=5000)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--log-level', default='WARNING',
                   choices=['DEBUG', 'INFO', 'WARNING', 'ERROR'])
    p.add_argument('--log-file')
    args = p.parse_args()
    if not args.host.startswith('127.'):
        p.error('--host must be a 127.x address')

    tmp = tempfile.mkdtemp(prefix='real-keystone-')
    atexit.register(shutil.rmtree, tmp, True)

    def stop(signum, frame):
        shutil.rmtree(tmp, True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    server = simple_server.make_server(args.host, args.port, None,
                                       handler_class=QuietHandler)
    port = server.server_address[1]
    log = args.log_file or os.path.join(
        tempfile.gettempdir(), 'real-keystone-%d.log' % port)
    conf = os.path.join(tmp, 'keystone.conf')
    with open(conf, 'w') as f:
        f.write(CONFIG.format(log=log, tmp=tmp))

    # oslo.config must not read this script's own arguments
    argv, sys.argv = sys.argv, sys.argv[:1]
    try:
        from keystone.server.flask import core
        app = core.initialize_application(
            name='public', config_files=[conf],
            post_log_configured_function=make_keys_and_schema)
    finally:
        sys.argv = argv
    logging.getLogger().setLevel(args.log_level)

    base = 'http://%s:%d' % (args.host, port)
    # the catalog's identity URL without /v3, as devstack registers it
    seed(base)
    server.set_app(app)
    print('KEYSTONE_READY %s pid=%d log=%s' % (base, os.getpid(), log),
          flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
