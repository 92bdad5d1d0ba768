"""What both filters share: the configuration, running zvm-job without
blocking eventlet's hub, and the tar framing of backend requests."""
import io
import json
import os
import signal
import tarfile

from eventlet import Timeout
from eventlet.green import subprocess

# Limits, in the filters' config (a [filter:zerovm] section) with defaults.
DEFAULTS = {
    'zvm_job': 'zvm-job',
    'zerovm': 'zerovm',
    'zvm_validate': 'zvm-validate',
    'ns_hostname': '127.0.0.1',
    'zerovm_timeout': '30',          # seconds, the most an instance may ask for
    'zerovm_maxconfig': '65536',     # bytes of job JSON
    'zerovm_maxinstances': '64',     # instances per job
    'zerovm_maxnexemem': str(4 << 30),   # bytes of memory per instance
    'zerovm_maxinput': str(1 << 30),     # bytes read per channel
    'zerovm_maxoutput': str(1 << 30),    # bytes written per channel
    'zerovm_maxnexe': str(64 << 20),     # bytes of a program
    'zerovm_plan_timeout': '10',     # seconds zvm-job may take to plan
}


def load_conf(global_conf, local_conf):
    conf = dict(DEFAULTS)
    conf.update(global_conf or {})
    conf.update(local_conf or {})
    for k in DEFAULTS:
        if k.startswith('zerovm_'):
            conf[k] = int(conf[k])
    return conf


def run(argv, timeout, env=None, cwd=None):
    """Runs argv (green: other requests go on), killed after timeout
    seconds. Returns (status, stdout, stderr); status None when killed."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, cwd=cwd, start_new_session=True)
    try:
        with Timeout(timeout):
            out, err = p.communicate()
        return p.returncode, out, err
    except Timeout:
        kill_group(p)
        out, err = p.communicate()
        return None, out, err


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def add_json(tar, name, obj):
    add_bytes(tar, name, json.dumps(obj).encode())


def safe_member(name):
    """Tar member names we write and read: a few fixed shapes, no '..'."""
    parts = name.split('/')
    return (0 < len(parts) <= 2 and all(p and p not in ('.', '..') for p in parts)
            and not name.startswith('/'))
