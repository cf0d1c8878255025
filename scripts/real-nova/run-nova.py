#!/usr/bin/python3
"""The real Nova compute API on loopback, for comparing stackbox with it.

    /usr/bin/python3 scripts/real-nova/run-nova.py [PORT] [--computes N] [--log-level LEVEL]

Runs Debian's python3-nova (Zed) in one process: nova's own WSGI server and paste pipeline
(noauth2), with conductor, scheduler and N compute services as green threads talking over
oslo.messaging's in-memory fake:// transport. The databases, the fake Neutron/Glance/Cinder and
the in-process placement are wired the way nova's functional tests wire them (nova.tests
fixtures), so what answers is nova's code, not a model of it. Prints
`NOVA_READY http://HOST:PORT/v2.1 pid=PID` on stdout once requests are served.
See README.md beside this file.
"""
import argparse
import os
import sys
import tempfile

# Nova runs on eventlet: the standard library must be patched before anything imports it.
import nova.monkey_patch  # noqa: F401,E402  (patches on import)

HERE = os.path.dirname(os.path.abspath(__file__))
PASTE_INI = os.path.join(HERE, 'api-paste.ini')
LOOPBACK_PREFIX = '127.'


def parse_args(argv):
    p = argparse.ArgumentParser(description='Serve the real Nova compute API on loopback.')
    p.add_argument('port', nargs='?', type=int, default=8774)
    p.add_argument('--computes', type=int, default=1, help='fake compute hosts (compute, compute2, ...)')
    p.add_argument('--log-level', default='INFO', choices=['DEBUG', 'INFO', 'WARNING', 'ERROR'])
    p.add_argument('--log-file', default=None, help='default: real-nova-PORT.log in the temp folder')
    p.add_argument('--host', default='127.0.0.1', help='a loopback address to listen on')
    args = p.parse_args(argv)
    # noauth2 trusts any "user:project" token: never expose it beyond this machine
    if not args.host.startswith(LOOPBACK_PREFIX):
        p.error('--host must be a loopback address (127.x.x.x)')
    if args.computes < 1:
        p.error('--computes must be at least 1')
    if args.log_file is None:
        args.log_file = os.path.join(tempfile.gettempdir(), 'real-nova-%d.log' % args.port)
    return args


class Harness:
    """What nova's functional TestCase provides to its fixtures, kept for the process lifetime.

    The fixtures call back into their test for stub_out/flags/useFixture; this object answers
    those calls and never cleans up, since the process exits when it is stopped.
    """

    def __init__(self):
        self.fixtures = []

    def useFixture(self, fixture):  # noqa: N802 (the name the fixtures call)
        fixture.setUp()
        self.fixtures.append(fixture)
        return fixture

    def stub_out(self, old, new):
        import fixtures
        self.useFixture(fixtures.MonkeyPatch(old, new))

    def flags(self, **kw):
        from nova import conf
        group = kw.pop('group', None)
        for name, value in kw.items():
            conf.CONF.set_override(name, value, group)


def configure(h, args):
    """Nova's test configuration, then the settings of a single loopback API process."""
    from nova import conf
    from nova import objects
    from nova.tests import fixtures as nova_fixtures
    objects.register_all()
    # the SDK's placement proxy needs no catalog lookup (placement is reached in-process)
    h.useFixture(nova_fixtures.OpenStackSDKFixture())
    h.useFixture(nova_fixtures.ConfFixture(conf.CONF))
    h.useFixture(nova_fixtures.RPCFixture('nova.test'))
    h.flags(compute_driver='fake.FakeDriver', periodic_enable=False)
    h.flags(auth_strategy='noauth2', group='api')
    h.flags(api_paste_config=PASTE_INI, keep_alive=True, group='wsgi')
    h.flags(osapi_compute_listen=args.host, osapi_compute_listen_port=args.port,
            osapi_compute_workers=1)
    # so that a thousand servers fit: the comparison is about the API, not quota sizing
    h.flags(instances=-1, cores=-1, ram=-1, group='quota')
    # one compute host: a resize stays on it, as in devstack (and stackbox)
    h.flags(allow_resize_to_same_host=True)


def databases(h):
    """In-memory sqlite API database plus cell0 and cell1, mapped as nova-manage would map them."""
    from nova import context
    from nova import objects
    from nova.tests import fixtures as nova_fixtures
    from oslo_utils import uuidutils
    h.useFixture(nova_fixtures.Database(database='api'))
    cells = nova_fixtures.CellDatabases()
    ctxt = context.get_context()
    transport = 'fake://nowhere/'
    cell0 = objects.CellMapping(context=ctxt, uuid=objects.CellMapping.CELL0_UUID, name='cell0',
                                transport_url=transport, database_connection=objects.CellMapping.CELL0_UUID)
    cell0.create()
    cells.add_cell_database(cell0.database_connection)
    cell1_id = uuidutils.generate_uuid()
    cell1 = objects.CellMapping(context=ctxt, uuid=cell1_id, name='cell1',
                                transport_url=transport, database_connection=cell1_id)
    cell1.create()
    cells.add_cell_database(cell1.database_connection, default=True)
    h.useFixture(cells)
    h.useFixture(nova_fixtures.DefaultFlavorsFixture())
    h.flags(transport_url=transport)
    return cell1


def fakes(h, log_level):
    """Placement (real, in-process via wsgi-intercept) and nova's fake Neutron, Glance, Cinder."""
    import logging
    from nova.tests import fixtures as nova_fixtures
    from nova.tests.functional import fixtures as func_fixtures
    h.useFixture(func_fixtures.PlacementFixture())
    if log_level != 'DEBUG':
        logging.getLogger('placement').setLevel(logging.WARNING)
    h.useFixture(nova_fixtures.NeutronFixture(h))
    h.useFixture(nova_fixtures.GlanceFixture(h))
    h.useFixture(nova_fixtures.CinderFixture(h))


def services(h, cell1, computes):
    """conductor, scheduler and the compute hosts compute, compute2, ... as green threads."""
    from nova import context
    from nova import objects
    from nova.tests import fixtures as nova_fixtures
    h.useFixture(nova_fixtures.ServiceFixture('conductor'))
    h.useFixture(nova_fixtures.ServiceFixture('scheduler'))
    for i in range(computes):
        host = 'compute' if i == 0 else 'compute%d' % (i + 1)
        # the compute service reads CONF.host while it starts; the API keeps the default after
        patch = nova_fixtures.ConfPatcher(host=host)
        patch.setUp()
        try:
            # the host must be mapped to its cell before the compute reports to the scheduler
            objects.HostMapping(context=context.get_context(), host=host, cell_mapping=cell1).create()
            h.useFixture(nova_fixtures.ServiceFixture('compute', host, cell=cell1))
        finally:
            patch.cleanUp()


def setup_logging(args):
    import logging
    logging.basicConfig(filename=args.log_file, level=getattr(logging, args.log_level),
                        format='%(asctime)s %(process)d %(levelname)s %(name)s %(message)s')


def main(argv):
    args = parse_args(argv)
    setup_logging(args)
    h = Harness()
    configure(h, args)
    cell1 = databases(h)
    fakes(h, args.log_level)
    services(h, cell1, args.computes)
    from nova import service
    api = service.WSGIService('osapi_compute')
    api.start()
    url = 'http://%s:%d/v2.1' % (args.host, api.port)
    print('NOVA_READY %s pid=%d log=%s' % (url, os.getpid(), args.log_file), flush=True)
    api.wait()


if __name__ == '__main__':
    main(sys.argv[1:])
