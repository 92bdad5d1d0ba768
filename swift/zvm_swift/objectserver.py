"""The object-server filter: runs one instance of a job next to its object.

The proxy filter sends `POST /<device>/<partition>/<account>[/<c>/<o>]`
with `X-Zerovm-Execute: 1.0`, `X-Zerovm-Node: N` and a tar body:
  job.json, listing   the job and the container listings it was planned on
  map.json            {url: "local" | "output" | "files/K"} for instance N
  files/K             the program and the readable objects held elsewhere
The object of the path is "local": its on-disk .data file becomes the
channel itself (no copy). zvm-job --node N runs the instance; the answer is
a tar: report.json (zvm-job's report of the instance, the outputs' MD5s,
this server's ip:port), stdout (a path-less stdout) and out/K (output K).
Any other request passes through untouched.
"""
import contextlib
import hashlib
import json
import os
import shutil
import tarfile
import tempfile

from swift.common.storage_policy import POLICIES
from swift.common.swob import Request, Response
from swift.common.utils import split_path
from swift.obj.diskfile import DiskFileNotExist, DiskFileDeleted, DiskFileExpired

from zvm_swift import common


class ObjectQuery(object):
    def __init__(self, app, conf):
        self.app = app
        self.conf = conf
        self.devices = conf.get('devices', '/srv/node')
        self.me = '%s:%s' % (conf.get('bind_ip', '127.0.0.1'), conf.get('bind_port', '6200'))

    def __call__(self, env, start_response):
        if env.get('REQUEST_METHOD') != 'POST' or 'HTTP_X_ZEROVM_EXECUTE' not in env:
            return self.app(env, start_response)
        req = Request(env)
        try:
            resp = self.execute(req)
        except Exception as e:  # a bug here must not take the server down
            self.app.logger.exception('zerovm: %s', e)
            resp = Response(status=500, body=('zerovm: object server: %s\n' % e).encode())
        return resp(env, start_response)

    def execute(self, req):
        try:
            device, part, account, container, obj = split_path(req.path, 3, 5, True)
        except ValueError as e:
            return Response(status=400, body=('zerovm: %s\n' % e).encode())
        node = req.headers.get('X-Zerovm-Node', '')
        if not node.isdigit():
            return Response(status=400, body=b'zerovm: X-Zerovm-Node is missing\n')
        devpath = os.path.join(self.devices, device)
        if '/' in device or device in ('.', '..') or not os.path.isdir(devpath):
            return Response(status=507, body=('zerovm: no device %s here\n' % device).encode())
        tmp = os.path.join(devpath, 'tmp')
        os.makedirs(tmp, exist_ok=True)
        work = tempfile.mkdtemp(prefix='zvm-', dir=tmp)
        try:
            return self.run_instance(req, work, int(node), device, part, account, container, obj)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def unpack(self, req, work):
        """The request's tar into work/ (only the members we know)."""
        names = set()
        with tarfile.open(fileobj=req.environ['wsgi.input'], mode='r|') as tar:
            for m in tar:
                if not m.isfile() or not common.safe_member(m.name):
                    raise ValueError('unexpected member %r' % m.name)
                dst = os.path.join(work, m.name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, 'wb') as f:
                    shutil.copyfileobj(tar.extractfile(m), f, 1 << 20)
                names.add(m.name)
        for need in ('job.json', 'listing', 'map.json'):
            if need not in names:
                raise ValueError('no %s in the request' % need)
        return names

    def local_file(self, req, device, part, account, container, obj):
        """The on-disk file of the request's object, open (its inode stays
        while zerovm reads it), or a Response."""
        policy = POLICIES.get_by_index(req.headers.get('X-Backend-Storage-Policy-Index', 0))
        df = self.app.get_diskfile(device, part, account, container, obj, policy=policy)
        try:
            df.open()
        except (DiskFileNotExist, DiskFileDeleted, DiskFileExpired):
            return None, Response(status=404, body=(
                'zerovm: swift://%s/%s/%s is not on this object server\n'
                % (account, container, obj)).encode())
        return df, None

    def run_instance(self, req, work, node, device, part, account, container, obj):
        try:
            names = self.unpack(req, work)
            with open(os.path.join(work, 'map.json')) as f:
                wanted = json.load(f)
        except (ValueError, tarfile.TarError, OSError) as e:
            return Response(status=400, body=('zerovm: bad request body: %s\n' % e).encode())
        with contextlib.ExitStack() as stack:
            return self.run_wired(req, work, node, names, wanted, stack,
                                  device, part, account, container, obj)

    def run_wired(self, req, work, node, names, wanted, stack, device, part, account,
                  container, obj):
        outputs = {}
        lines = []
        for k, (url, how) in enumerate(sorted(wanted.items())):
            if how == 'local':
                if not obj:
                    return Response(status=400, body=b'zerovm: a local object needs a path\n')
                df, err = self.local_file(req, device, part, account, container, obj)
                if err:
                    return err
                stack.enter_context(df)  # closed once the instance ended
                path = df._data_file
            elif how == 'output':
                path = os.path.join(work, 'out', str(k))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                outputs[url] = path
            elif how in names and how.startswith('files/'):
                path = os.path.join(work, how)
            else:
                return Response(status=400, body=('zerovm: bad map entry for %s\n' % url).encode())
            lines.append('%s\t%s\n' % (url, path))
        with open(os.path.join(work, 'map'), 'w') as f:
            f.writelines(lines)
        timeout = min(int(req.headers.get('X-Zerovm-Timeout', self.conf['zerovm_timeout'])),
                      self.conf['zerovm_timeout'])
        argv = [self.conf['zvm_job'], os.path.join(work, 'job.json'),
                '--account', account, '--listing', os.path.join(work, 'listing'),
                '--node', str(node), '--map', os.path.join(work, 'map'),
                '--workdir', os.path.join(work, 'w'), '--timeout', str(timeout),
                '--max-read', str(self.conf['zerovm_maxinput']),
                '--max-write', str(self.conf['zerovm_maxoutput']),
                '--json', '--quiet']
        if req.headers.get('X-Zerovm-Ns'):
            argv += ['--name-server', req.headers['X-Zerovm-Ns']]
        env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
               'ZVM_JOB_ZEROVM': self.conf['zerovm'],
               'ZVM_JOB_SECRET': req.headers.get('X-Zerovm-Secret', '')}
        status, out, err = common.run(argv, timeout + 15, env=env)
        if status is None:
            return Response(status=500, body=b'zerovm: zvm-job did not end\n')
        if status == 2:  # the job or its files: zvm-job names the problem
            return Response(status=400, body=err)
        try:
            inst = json.loads(out)['instances'][0]
        except (ValueError, KeyError, IndexError):
            return Response(status=500, body=b'zerovm: no report from zvm-job: ' + err[-2000:])
        inst['server'] = self.me
        inst['md5'] = {}
        body = tempfile.SpooledTemporaryFile(8 << 20, dir=work)
        with tarfile.open(fileobj=body, mode='w', format=tarfile.PAX_FORMAT) as tar:
            for k, (url, path) in enumerate(sorted(outputs.items())):
                inst['md5'][url] = md5_file(path)
                tar.add(path, arcname='out/%d' % k)
            inst['outputs'] = sorted(outputs)
            if inst.get('stdout') and os.path.exists(inst['stdout']):
                tar.add(inst['stdout'], arcname='stdout')
            common.add_json(tar, 'report.json', inst)
        body.seek(0, os.SEEK_END)
        size = body.tell()
        body.seek(0)
        return Response(status=200, app_iter=iter_file(body), content_length=size,
                        content_type='application/x-tar')


def md5_file(path):
    h = hashlib.md5()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def iter_file(f):
    try:
        for chunk in iter(lambda: f.read(1 << 16), b''):
            yield chunk
    finally:
        f.close()


def filter_factory(global_conf, **local_conf):
    conf = common.load_conf(global_conf, local_conf)
    return lambda app: ObjectQuery(app, conf)
