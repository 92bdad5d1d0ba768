"""The proxy filter: a job in, its instances out to the object servers.

`POST /v1/<account>` with `X-Zerovm-Execute: 1.0` and a job (zvm-job's node
groups on swift:// paths, application/json):
 1. zvm-job --plan expands it (the container listings its wildcards need
    are fetched here, after a listing check of the user's rights);
 2. every object the job reads is authorized like a GET by the same user,
    every object it writes like a PUT (a job always reads its program, so
    no job runs unauthorized); limits are checked;
 3. each instance goes to an object server holding the object it reads
    (the ring's primaries in order: another replica when one does not
    answer, 503 when none does), the others anywhere; instances with
    network channels find each other through a name service run here;
 4. the outputs are written as objects (with the MD5 the instance's server
    computed as their ETag) only when every instance ended well; the
    response carries the path-less stdouts and the X-Nexe-* headers.
A `PUT` of `application/x-nexe` is validated first (zvm-validate) and
refused with the validator's reason. Clients' X-Zerovm-* and X-Nexe-*
request headers are dropped (X-Zerovm-Execute excepted), so they never
reach an object server.
"""
import io
import json
import os
import shutil
import tarfile
import tempfile
import time

from eventlet import GreenPile, Timeout
from eventlet.green import subprocess

from swift.common.bufferedhttp import http_connect
from swift.common.http import is_success
from swift.common.swob import Request, Response
from swift.common.utils import split_path, quote
from swift.common.wsgi import make_env, make_pre_authed_request
from swift.proxy.controllers.base import get_container_info

from zvm_swift import common

LIST_MAX = 100000  # objects a wildcard's container may hold


class JobError(Exception):
    def __init__(self, status, text):
        Exception.__init__(self, text)
        self.status = status
        self.text = text


def split_url(url):
    """swift://a/c/o -> (a, c, o)."""
    a, c, o = url[len('swift://'):].split('/', 2)
    return a, c, o


def swift_path(a, c=None, o=None):
    return '/v1/' + '/'.join(quote(x) for x in (a, c, o) if x is not None)


class ProxyQuery(object):
    def __init__(self, app, conf):
        self.app = app
        self.conf = conf

    def __call__(self, env, start_response):
        req = Request(env)
        execute = req.headers.get('X-Zerovm-Execute')
        for h in list(req.headers.keys()):
            if h.lower().startswith(('x-zerovm-', 'x-nexe-')):
                del req.headers[h]
        try:
            if execute is not None:
                resp = self.job(req, execute)
            elif req.method == 'PUT' and \
                    req.headers.get('Content-Type', '').split(';')[0] == 'application/x-nexe':
                resp = self.validate_upload(req)
            else:
                return self.app(env, start_response)
        except JobError as e:
            resp = Response(status=e.status, body=('zerovm: %s\n' % e.text).encode(),
                            content_type='text/plain')
        return resp(env, start_response)

    # ---- access ----------------------------------------------------------

    def authorize(self, req, method, a, c=None, o=None):
        """None, or the user's 401/403 for method on /a/c/o (container ACLs
        as Swift's own controllers apply them)."""
        auth = req.environ.get('swift.authorize')
        if not auth:
            return None
        env = make_env(req.environ, method=method, path=swift_path(a, c, o))
        env['swift.authorize'] = auth
        sub = Request(env)
        if c is not None:
            info = get_container_info(env, self.app)
            sub.acl = info.get('read_acl' if method in ('GET', 'HEAD') else 'write_acl')
        return auth(sub)

    def check_access(self, req, method, url):
        denied = self.authorize(req, method, *split_url(url))
        if denied is not None:
            raise JobError(denied.status_int, '%s %s refused (%d)' % (
                'reading' if method == 'GET' else 'writing', url, denied.status_int))

    # ---- the job -----------------------------------------------------------

    def zvm_job(self, work, account, *extra, timeout=None):
        argv = [self.conf['zvm_job'], os.path.join(work, 'job.json'), '--account', account,
                '--listing', os.path.join(work, 'listing')] + list(extra)
        return common.run(argv, timeout or self.conf['zerovm_plan_timeout'])

    def list_container(self, req, url):
        a, c, _ = split_url(url + 'x')
        denied = self.authorize(req, 'GET', a, c)
        if denied is not None:
            raise JobError(denied.status_int, 'listing %s refused (%d)' % (url, denied.status_int))
        names, marker = [], ''
        while True:
            sub = make_pre_authed_request(
                req.environ, 'GET', swift_path(a, c) + '?format=json&marker=' + quote(marker),
                swift_source='ZVM')
            resp = sub.get_response(self.app)
            if resp.status_int == 404:
                raise JobError(404, 'no container %s' % url)
            if resp.status_int == 204:
                break
            if resp.status_int != 200:
                raise JobError(503, 'listing %s: %s' % (url, resp.status))
            batch = json.loads(resp.body)
            if not batch:
                break
            for item in batch:
                name = item.get('name', '')
                # names a job cannot spell (control characters) never match
                if name and not any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in name):
                    names.append(name)
            marker = batch[-1]['name']
            if len(names) > LIST_MAX:
                raise JobError(400, '%s holds more than %d objects to expand' % (url, LIST_MAX))
        return names

    def plan(self, req, work, account):
        listing = []
        for _ in range(2):
            with open(os.path.join(work, 'listing'), 'w') as f:
                f.writelines(line + '\n' for line in listing)
            status, out, err = self.zvm_job(work, account, '--plan',
                                            '--timeout', str(self.conf['zerovm_timeout']))
            if status is None:
                raise JobError(400, 'planning the job took too long')
            if status != 0:
                raise JobError(400, err.decode(errors='replace').strip()
                               .replace(os.path.join(work, 'job.json') + ': ', ''))
            plan = json.loads(out)
            if 'need_listings' not in plan:
                return plan
            for url in plan['need_listings']:
                listing.append(url)
                listing.extend(url + n for n in self.list_container(req, url))
        raise JobError(500, 'zvm-job asked twice for listings')

    def check_limits(self, plan):
        c = self.conf
        if plan['nodes'] > c['zerovm_maxinstances']:
            raise JobError(400, 'the job has %d instances (at most %d)'
                           % (plan['nodes'], c['zerovm_maxinstances']))
        for i in plan['instances']:
            if i['memory'] > c['zerovm_maxnexemem']:
                raise JobError(400, '%s: memory %d is over the limit %d'
                               % (i['name'], i['memory'], c['zerovm_maxnexemem']))
            if i['timeout'] > c['zerovm_timeout']:
                raise JobError(400, '%s: timeout %d s is over the limit %d s'
                               % (i['name'], i['timeout'], c['zerovm_timeout']))

    def head(self, req, url):
        a, c, o = split_url(url)
        resp = make_pre_authed_request(req.environ, 'HEAD', swift_path(a, c, o),
                                       swift_source='ZVM').get_response(self.app)
        if resp.status_int == 404:
            raise JobError(404, 'no object %s' % url)
        if resp.status_int // 100 != 2:
            raise JobError(503, 'HEAD %s: %s' % (url, resp.status))
        return resp

    def fetch(self, req, url, path, limit):
        a, c, o = split_url(url)
        resp = make_pre_authed_request(req.environ, 'GET', swift_path(a, c, o),
                                       swift_source='ZVM').get_response(self.app)
        if resp.status_int == 404:
            raise JobError(404, 'no object %s' % url)
        if resp.status_int != 200:
            raise JobError(503, 'GET %s: %s' % (url, resp.status))
        n = 0
        with open(path, 'wb') as f:
            for chunk in resp.app_iter:
                n += len(chunk)
                if n > limit:
                    raise JobError(400, '%s is larger than %d bytes' % (url, limit))
                f.write(chunk)

    def nodes_for(self, req, inst, all_nodes):
        """(policy index, [(node, partition, path)]) where the instance may run."""
        url = inst['attach']
        if url:
            a, c, o = split_url(url)
            env = make_env(req.environ, method='HEAD', path=swift_path(a, c, o))
            pidx = int(get_container_info(env, self.app).get('storage_policy') or 0)
            ring = self.app.get_object_ring(pidx)
            part, nodes = ring.get_nodes(a, c, o)
            return pidx, [(n, part, '/%s/%s/%s' % (a, c, o)) for n in nodes]
        a = split_url(inst['exec'])[0]
        k = inst['node'] % len(all_nodes)
        rotated = all_nodes[k:] + all_nodes[:k]
        return 0, [(n, 0, '/' + a) for n in rotated]

    def job(self, req, version):
        if version != '1.0':
            raise JobError(400, 'X-Zerovm-Execute: version %r (1.0 is known)' % version)
        try:
            _v, account = split_path(req.path, 2, 2)
        except ValueError:
            raise JobError(400, 'a job is a POST /v1/<account>')
        if req.method != 'POST':
            raise JobError(405, 'a job is a POST /v1/<account>')
        ctype = req.headers.get('Content-Type', '').split(';')[0].strip()
        if ctype != 'application/json':
            raise JobError(400, 'Content-Type %r: a job is application/json' % ctype)
        limit = self.conf['zerovm_maxconfig']
        body = req.environ['wsgi.input'].read(limit + 1)
        if len(body) > limit:
            raise JobError(413, 'the job description is larger than %d bytes' % limit)
        work = tempfile.mkdtemp(prefix='zvm-job-')
        resp = None
        try:
            with open(os.path.join(work, 'job.json'), 'wb') as f:
                f.write(body)
            resp = self.run_job(req, work, account)
            return resp
        finally:
            # a streamed body owns work/ and removes it when it is closed
            if not isinstance(getattr(resp, 'app_iter', None), _Body):
                shutil.rmtree(work, ignore_errors=True)

    def run_job(self, req, work, account):
        t0 = time.time()
        plan = self.plan(req, work, account)
        self.check_limits(plan)
        insts = plan['instances']
        # every object read like a GET, every object written like a PUT
        reads, writes = set(), set()
        for i in insts:
            reads.add(i['exec'])
            for d in i['devices']:
                if d['path']:
                    (reads if d['readable'] else writes).add(d['path'])
        for url in sorted(reads):
            self.check_access(req, 'GET', url)
        for url in sorted(writes):
            self.check_access(req, 'PUT', url)
        for url in sorted(reads):
            self.head(req, url)
        for a, c in sorted(set(split_url(u)[:2] for u in writes)):
            env = make_env(req.environ, method='HEAD', path=swift_path(a, c))
            if not is_success(get_container_info(env, self.app).get('status', 0)):
                raise JobError(404, 'no container swift://%s/%s/ to write into' % (a, c))
        # the programs and the objects read away from their servers, once
        files = {}
        for i in insts:
            for url, limit in [(i['exec'], self.conf['zerovm_maxnexe'])] + [
                    (d['path'], self.conf['zerovm_maxinput']) for d in i['devices']
                    if d['readable'] and d['path'] and d['path'] != i['attach']]:
                if url not in files:
                    files[url] = 'files/%d' % len(files)
                    os.makedirs(os.path.join(work, 'files'), exist_ok=True)
                    self.fetch(req, url, os.path.join(work, files[url]), limit)
        ring = self.app.get_object_ring(0)
        all_nodes = sorted({(d['ip'], d['port'], d['device']): d for d in ring.devs
                            if d}.values(), key=lambda d: (d['ip'], d['port'], d['device']))
        if not all_nodes:
            raise JobError(503, 'the object ring has no devices')
        ns = None
        secret = os.urandom(32).hex()
        try:
            ns_addr = None
            if plan['network']:
                ns, ns_addr = self.start_name_service(work, account)
            pile = GreenPile(len(insts))
            for i in insts:
                pidx, where = self.nodes_for(req, i, all_nodes)
                pile.spawn(self.send, work, i, files, where, pidx, ns_addr, secret)
            results = list(pile)
        finally:
            if ns is not None:
                common.kill_group(ns)
                ns.wait()
        return self.respond(req, work, insts, results, time.time() - t0)

    def start_name_service(self, work, account):
        host = self.conf['ns_hostname']
        argv = [self.conf['zvm_job'], os.path.join(work, 'job.json'), '--account', account,
                '--listing', os.path.join(work, 'listing'),
                '--ns-timeout', str(self.conf['zerovm_timeout'] * 1000),
                '--name-service', host + ':0']
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        try:
            with Timeout(self.conf['zerovm_plan_timeout']):
                port = p.stdout.readline().strip().decode()
        except Timeout:
            port = ''
        if not port.isdigit():
            common.kill_group(p)
            p.wait()
            raise JobError(500, 'the name service did not start')
        return p, '%s:%s' % (host, port)

    def send(self, work, inst, files, where, pidx, ns_addr, secret):
        """Runs inst on the first of where that answers: a result dict."""
        wanted = {}
        for d in inst['devices']:
            if d['path']:
                wanted[d['path']] = ('local' if d['path'] == inst['attach'] else
                                     files[d['path']] if d['readable'] else 'output')
        wanted[inst['exec']] = files[inst['exec']]
        body = os.path.join(work, 'body-%d.tar' % inst['node'])
        with tarfile.open(body, 'w') as tar:
            tar.add(os.path.join(work, 'job.json'), 'job.json')
            tar.add(os.path.join(work, 'listing'), 'listing')
            common.add_json(tar, 'map.json', wanted)
            for rel in sorted(set(v for v in wanted.values() if v.startswith('files/'))):
                tar.add(os.path.join(work, rel), rel)
        headers = {'X-Zerovm-Execute': '1.0', 'X-Zerovm-Node': str(inst['node']),
                   'X-Zerovm-Timeout': str(inst['timeout']),
                   'X-Backend-Storage-Policy-Index': str(pidx),
                   'Content-Type': 'application/x-tar',
                   'Content-Length': str(os.path.getsize(body))}
        if inst['network']:
            headers['X-Zerovm-Ns'] = ns_addr
            headers['X-Zerovm-Secret'] = secret
        tried = []
        for node, part, path in where:
            server = '%s:%s' % (node['ip'], node['port'])
            ran = False   # once the whole request is sent, the instance may be running
            try:
                with Timeout(inst['timeout'] + 30):
                    conn = http_connect(node['ip'], node['port'], node['device'], part,
                                        'POST', path, headers)
                    with open(body, 'rb') as f:
                        for chunk in iter(lambda: f.read(1 << 16), b''):
                            conn.send(chunk)
                    ran = True
                    resp = conn.getresponse()
                    if resp.status == 200:
                        # to disk, not memory: outputs may be up to zerovm_maxoutput each
                        result = os.path.join(work, 'result-%d.tar' % inst['node'])
                        with open(result, 'wb') as f:
                            for chunk in iter(lambda: resp.read(1 << 16), b''):
                                f.write(chunk)
                        return {'server': server, 'status': 200, 'file': result}
                    text = resp.read(1 << 16)
            except (Exception, Timeout) as e:
                tried.append('%s: %s' % (server, e or type(e).__name__))
                # a running instance is not started twice: its peers are
                # already wired to it, and a timeout would only double
                if ran and (inst['network'] or isinstance(e, Timeout)):
                    break
                continue
            if resp.status in (503, 507):   # the server did not run it
                tried.append('%s: %d' % (server, resp.status))
                continue
            return {'server': server, 'status': resp.status, 'body': text}
        return {'server': '', 'status': 503,
                'body': ('no object server for %s answers (%s)' % (
                    inst['attach'] or inst['name'], '; '.join(tried))).encode()}

    # ---- the answer ----------------------------------------------------------

    def unpack(self, result):
        """The instance's report, and where its stdout and output files lie
        in its server's tar: (path, offset, size)."""
        out = {'report': None, 'stdout': None, 'files': {}}
        path = result['file']
        with tarfile.open(path, mode='r:') as tar:
            for m in tar:
                if not m.isfile():
                    continue
                where = (path, m.offset_data, m.size)
                if m.name == 'report.json':
                    if m.size > (1 << 20):
                        raise ValueError('report.json is too large')
                    out['report'] = json.loads(tar.extractfile(m).read())
                elif m.name == 'stdout':
                    out['stdout'] = where
                elif m.name.startswith('out/'):
                    out['files'][int(m.name[4:])] = where
        return out

    def respond(self, req, work, insts, results, total_s):
        rows, errors, bodies, puts = [], [], [], []
        status = 200
        for inst, res in zip(insts, results):
            row = {'name': inst['name'], 'server': res['server'], 'status': 'error',
                   'retcode': '0', 'etag': 'disabled', 'validation': '2', 'cdr': '0'}
            if res['status'] != 200:
                text = res['body'].decode(errors='replace').strip()
                errors.append('%s: %s' % (inst['name'], text))
                status = max(status, res['status'])
                row['status'] = text.splitlines()[0][:200] if text else 'error'
                rows.append(row)
                continue
            try:
                got = self.unpack(res)
                rep = got['report']
            except (tarfile.TarError, ValueError, KeyError):
                rep = None
            if not rep:
                errors.append('%s: a broken answer from %s' % (inst['name'], res['server']))
                status = max(status, 500)
                rows.append(row)
                continue
            row.update(status=rep['state'] or rep.get('error', ''), retcode=str(rep['user_code']),
                       etag=rep['etags'], validation=str(rep['validator']),
                       cdr='%.3f, %.2f %.2f %d %d %d %d %d %d %d %d' % (
                           rep['wall_s'], rep['sys_s'], rep['user_s'], rep['reads'],
                           rep['read_bytes'], rep['writes'], rep['write_bytes'],
                           rep['net_reads'], rep['net_read_bytes'], rep['net_writes'],
                           rep['net_write_bytes']))
            rows.append(row)
            if got['stdout']:
                bodies.append(got['stdout'])
            err = rep.get('error', '')
            if rep['ok'] or err.startswith('exit code '):
                for k, url in enumerate(rep.get('outputs', [])):
                    puts.append((url, got['files'].get(k), rep['md5'][url]))
                continue
            errors.append('%s: %s' % (inst['name'], err))
            if rep['validator'] == 1 or rep['zerovm_status'] == 8:
                status = max(status, 400)   # not a program this sandbox runs
            else:
                status = max(status, 500)
        if status == 200:
            for url, where, md5 in puts:
                a, c, o = split_url(url)
                src = _Slice(*where) if where else _Slice(None, 0, 0)
                sub = make_pre_authed_request(
                    req.environ, 'PUT', swift_path(a, c, o),
                    headers={'ETag': md5, 'Content-Type': 'application/octet-stream'},
                    swift_source='ZVM')
                sub.environ['wsgi.input'] = src
                sub.content_length = src.left
                try:
                    r = sub.get_response(self.app)
                finally:
                    src.close()
                if r.status_int // 100 != 2:
                    errors.append('writing %s: %s' % (url, r.status))
                    status = 503
        headers = {
            'X-Nexe-System': ','.join(r['name'] for r in rows),
            'X-Nexe-Status': ','.join(r['status'].replace(',', ' ') for r in rows),
            'X-Nexe-Retcode': ','.join(r['retcode'] for r in rows),
            'X-Nexe-Etag': ','.join(r['etag'].replace(',', ' ') for r in rows),
            'X-Nexe-Validation': ','.join(r['validation'] for r in rows),
            'X-Nexe-Server': ','.join(r['server'] for r in rows),
            'X-Nexe-Cdr-Line': '%.3f, %s' % (total_s, ', '.join(r['cdr'] for r in rows)),
        }
        if errors:
            headers['X-Nexe-Error'] = '; '.join(errors)[:2000].replace('\n', ' ')
        if status >= 400:
            body = ('zerovm: ' + '\nzerovm: '.join(errors) + '\n').encode()
            return Response(status=status, body=body, headers=headers, content_type='text/plain')
        return Response(status=200, app_iter=_Body(bodies, work), headers=headers,
                        content_length=sum(size for _p, _o, size in bodies),
                        content_type='text/plain')

    # ---- uploads of programs -------------------------------------------------

    def validate_upload(self, req):
        try:
            split_path(req.path, 4, 4, True)
        except ValueError:
            return _PassThrough(self.app)
        limit = self.conf['zerovm_maxnexe']
        data = req.environ['wsgi.input'].read(limit + 1)
        if len(data) > limit:
            raise JobError(413, 'a program is at most %d bytes' % limit)
        with tempfile.NamedTemporaryFile(prefix='zvm-nexe-') as f:
            f.write(data)
            f.flush()
            status, out, err = common.run([self.conf['zvm_validate'], f.name],
                                          self.conf['zerovm_plan_timeout'])
        if status != 0:
            why = (err or out).decode(errors='replace').strip().replace(f.name + ': ', '')
            raise JobError(400, 'not a valid program: %s' % (why or 'the validator gave up'))
        req.environ['wsgi.input'] = io.BytesIO(data)
        req.content_length = len(data)
        req.headers.pop('Transfer-Encoding', None)
        return _PassThrough(self.app)


class _Slice(object):
    """size bytes of path from offset, as a request's wsgi.input."""

    def __init__(self, path, offset, size):
        self.f = open(path, 'rb') if path else None
        if self.f:
            self.f.seek(offset)
        self.left = size

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.f.read(n) if n else b''
        self.left -= len(data)
        return data

    def close(self):
        if self.f:
            self.f.close()
            self.f = None


class _Body(object):
    """The response body: the path-less outputs, streamed from the
    instances' answers in work/, which close() removes (the WSGI server
    calls it whether or not the client read everything)."""

    def __init__(self, parts, work):
        self.parts = parts
        self.work = work

    def __iter__(self):
        for where in self.parts:
            src = _Slice(*where)
            try:
                for chunk in iter(lambda: src.read(1 << 16), b''):
                    yield chunk
            finally:
                src.close()

    def close(self):
        shutil.rmtree(self.work, ignore_errors=True)


class _PassThrough(object):
    """A response that is the app's answer to the (rewound) request."""

    def __init__(self, app):
        self.app = app

    def __call__(self, env, start_response):
        return self.app(env, start_response)


def filter_factory(global_conf, **local_conf):
    conf = common.load_conf(global_conf, local_conf)
    return lambda app: ProxyQuery(app, conf)
